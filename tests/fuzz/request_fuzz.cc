// libFuzzer entry point (built with -DARSHJUL_FUZZ=ON and clang; docs/fuzzing.md).
#include "request_fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return arshjul::fuzz::FuzzRequest(data, size);
}
