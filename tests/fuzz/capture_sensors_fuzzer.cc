// Fuzzes CaptureDecoder::Decode on Sensors Data bodies (the JSON inside base64 `data_list`).
#include "capture_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return growloop::fuzz::FuzzCapture(growloop::CaptureFormat::kSensors, {}, data, size);
}
