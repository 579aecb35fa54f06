// Fuzzes CaptureDecoder::Decode on Mixpanel bodies (the JSON inside the base64 `data` field), as
// /engage people updates and as /groups group updates.
#include "capture_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  growloop::fuzz::FuzzCapture(growloop::CaptureFormat::kMixpanel, "$engage", data, size);
  return growloop::fuzz::FuzzMixpanelGroups(data, size);
}
