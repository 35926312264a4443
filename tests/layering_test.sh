#!/usr/bin/env bash
# Dependencies point one way: adapters → engine → storage. Include paths cannot
# enforce that for system headers (Boost, RocksDB and std I/O all live in
# /usr/include), so this test reads the includes of each layer and fails on
# one that reaches outward. Usage: layering_test.sh SOURCE_DIR
set -uo pipefail
root=${1:?source dir}
fail=0

forbid() {  # forbid LAYER_DIR REGEX WHY
  local hits
  hits=$(grep -rnE "^\s*#\s*include\s*[<\"]($2)" "$root/$1" --include='*.h' --include='*.cc' 2>/dev/null)
  if [[ -n $hits ]]; then
    echo "FAIL $1 must not include $3:"
    echo "$hits" | sed 's/^/    /'
    fail=1
  else
    echo "ok   $1 includes no $3"
  fi
}

forbid storage 'arshjul/(engine|workflows|adapters)/' "engine, workflows or adapters headers"
forbid storage/include 'rocksdb/|openssl/|capnp/|kj/' "RocksDB, OpenSSL or Cap'n Proto in its public headers"
forbid engine 'rocksdb/|boost/|asio|beast|yaml-cpp/|spdlog/|CLI/|sys/socket|netinet/|arpa/|fstream|filesystem|arshjul/(workflows|adapters)/' "I/O, network, RocksDB or outer layers"
forbid workflows 'rocksdb/|boost/|asio|beast|arshjul/adapters/' "RocksDB, network or adapters"
forbid storage '\.\./engine|\.\./adapters|\.\./workflows' "relative paths into other layers"

# Time comes from the injected Clock: only main and the clock itself may read the system clock.
hits=$(grep -rnE 'system_clock::now|steady_clock::now|time\(NULL\)|time\(nullptr\)|gettimeofday' \
  "$root/engine" "$root/workflows" 2>/dev/null)
if [[ -n $hits ]]; then echo "FAIL engine/workflows read the system clock:"; echo "$hits" | sed 's/^/    /'; fail=1
else echo "ok   engine and workflows never read the system clock"; fi

if ((fail)); then echo "layering: 0 passed, 1 failed"; exit 1; fi
echo "layering: 1 passed, 0 failed"
