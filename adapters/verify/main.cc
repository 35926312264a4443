// arshjul-verify: the revisor's standalone check of a revision package.
// Links only OpenSSL and Cap'n Proto (no RocksDB, no Boost).
//   arshjul-verify PAKET [--key PUBLIK-NYCKEL]
// Exit codes: 0 the package holds, 4 it does not (the first bad item is
// named), 2 wrong usage.
#include <iostream>
#include <optional>
#include <string>

#include "package_verifier.h"

int main(int argc, char** argv) {
  std::optional<std::string> dir, key;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--key" && i + 1 < argc) {
      key = argv[++i];
    } else if (a == "-h" || a == "--help") {
      std::cout << "användning: arshjul-verify PAKET [--key PUBLIK-NYCKEL]\n"
                   "Kontrollerar ett revisionspaket (mapp eller .zip) utan databasen. Kod 0: godkänt, 4: underkänt.\n";
      return 0;
    } else if (!dir && !a.starts_with("--")) {
      dir = a;
    } else {
      std::cerr << "fel: okänt argument '" << a << "' (användning: arshjul-verify PAKET [--key PUBLIK-NYCKEL])\n";
      return 2;
    }
  }
  if (!dir) {
    std::cerr << "fel: ange paketets mapp (användning: arshjul-verify PAKET [--key PUBLIK-NYCKEL])\n";
    return 2;
  }
  arshjul::verify::Verdict v = arshjul::verify::VerifyPackage(*dir, key);
  if (!v.ok) {
    std::cout << "UNDERKÄNT: " << v.item << ": " << v.problem << "\n";
    return 4;
  }
  std::cout << "GODKÄNT: " << v.summary << "\n";
  return 0;
}
