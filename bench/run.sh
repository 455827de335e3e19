#!/usr/bin/env bash
# Runs every benchmark against a built tree (default build/ci) and prints the
# results; bench/RESULTS.md records them with this command:
#   ./dev bench            (== bench/run.sh build/ci)
set -euo pipefail
build=${1:-build/ci}
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-30}

echo "## $(date -u +%Y-%m-%d) on $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "### Provider process (spawn to handshake, schema RPC, idle RSS; mTLS, protocol 6)"
ref=$build/tests/golang/goplugin-server
if [ -x "$ref" ]; then
  "$build/bench/process/bench_provider_startup" --runs "$runs" \
      "$build/provider/terraform-provider-edp" "$ref"
else
  "$build/bench/process/bench_provider_startup" --runs "$runs" "$build/provider/terraform-provider-edp"
fi
for b in bench_cty bench_tfplugin; do
  exe=$(find "$build/bench" -name "$b" -type f -executable | head -1)
  [ -n "$exe" ] || continue
  echo
  echo "### $b"
  echo '```'
  "$exe" --benchmark_min_time=0.2 2>/dev/null
  echo '```'
done
if [ -x "$build/bench/hcl/bench_hcl" ]; then
  echo
  echo "### HCL parse and evaluation (lib/hcl vs hcl 2.14.1; bench/hcl/run.sh)"
  echo
  bench/hcl/run.sh "$build"
fi
if [ -x "$build/bench/provider/bench_provider_lifecycle" ]; then
  echo
  echo "### Provider against otc-sim: requests, CPU, waiting, throttling (bench_provider_lifecycle)"
  echo
  "$build/bench/provider/bench_provider_lifecycle" "$build/provider/terraform-provider-edp"
fi
if [ -x "$build/otc-sim/otc-sim-load" ]; then
  echo
  echo "### otc-sim (bench/otcsim/run.sh)"
  echo
  bench/otcsim/run.sh "$build"
fi
if [ -x "$build/orchestrator/edp-stack" ] && [ -x /usr/bin/time ]; then
  echo
  echo "### edp-stack discovery + DAG on 1,000 units (bench/orchestrator/run.sh)"
  echo
  bench/orchestrator/run.sh "$build" 1000 5
fi
