// The fuzz corpus (tests/fuzz/corpus: seeds and every input that once crashed)
// as a regression test in the ordinary build: each input goes through the
// fuzzed function and must come back.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "request_fuzz_target.h"

namespace {

TEST(FuzzCorpus, EveryInputIsHandled) {
  size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ARSHJUL_FUZZ_CORPUS)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string bytes = buf.str();
    EXPECT_EQ(arshjul::fuzz::FuzzRequest(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), 0)
        << entry.path();
    ++n;
  }
  EXPECT_GE(n, 5u) << "the corpus is in tests/fuzz/corpus";
}

}  // namespace
