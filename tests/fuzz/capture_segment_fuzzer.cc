// Fuzzes CaptureDecoder::Decode on Segment and RudderStack request bodies.
#include "capture_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return growloop::fuzz::FuzzCapture(growloop::CaptureFormat::kSegment, {}, data, size);
}
