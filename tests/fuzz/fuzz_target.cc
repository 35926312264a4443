// One libFuzzer target; ARSHJUL_FUZZ_ENTRY names its entry function
// (tests/fuzz/CMakeLists.txt builds one executable per entry).
#include <cstddef>
#include <cstdint>

#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return arshjul::fuzz::ARSHJUL_FUZZ_ENTRY(data, size);
}
