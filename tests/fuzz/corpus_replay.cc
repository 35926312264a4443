// corpus_replay TARGET DIR: feeds every file in DIR (the target's regression
// corpus, tests/fuzz/corpus/TARGET) to the fuzz target's entry function, as
// libFuzzer would, in the normal build. Exits 0 when every input returned;
// a crash fails the ctest. Prints the number of inputs.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_entries.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: corpus_replay TARGET DIR\n");
    return 2;
  }
  auto entry = arshjul::fuzz::FindEntry(argv[1]);
  if (entry == nullptr) {
    std::fprintf(stderr, "corpus_replay: unknown target %s\n", argv[1]);
    return 2;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(argv[2])) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("%s: %zu inputs replayed\n", argv[1], files.size());
  return files.empty() ? 1 : 0;
}
