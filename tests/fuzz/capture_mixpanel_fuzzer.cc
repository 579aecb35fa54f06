// Fuzzes CaptureDecoder::Decode on Mixpanel bodies (the JSON inside the base64 `data` field).
#include "capture_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return growloop::fuzz::FuzzCapture(growloop::CaptureFormat::kMixpanel, "$engage", data, size);
}
