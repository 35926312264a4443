#!/usr/bin/env bash
# Time to first byte of each page of the example kommun beside /healthz, with
# wrk (one connection, so the mean latency is the time to the first byte plus
# the body's few milliseconds of transfer on loopback), printed as ratios to
# /healthz measured in the same run. Not run by ctest (docs/page.md).
# Usage: tests/bench/page_ttfb.sh URL SESSION_COOKIE_VALUE [SECONDS]
set -euo pipefail
url=$1 cookie=$2 secs=${3:-5}
mean_ms() {  # wrk's mean latency in ms
  wrk -t1 -c1 -d"${secs}s" --latency -H "Cookie: arshjul_session=$cookie" "$1" |
    awk '/^    Latency/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}'
}
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
base=$(mean_ms "$url/api/v1/healthz")
printf '%-22s %10s %8s\n' sida "medel ms" "× healthz"
printf '%-22s %10.3f %8.1f\n' /api/v1/healthz "$base" 1
for p in /logga-in /uppgifter /arshjul /arshjul.svg /uppsikt /beslut /revision /registrera/beslut; do
  m=$(mean_ms "$url$p")
  printf '%-22s %10.3f %8.1f\n' "$p" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN{print a/b}')"
done
