#!/usr/bin/env bash
# bench/hcl/run.sh [BUILD] [MIN_SECONDS]: HCL parse throughput and evaluation
# cost of lib/hcl (bench_hcl) next to hcl 2.14.1 (hcl-bench-go) on the
# generated inputs, as a markdown table. BUILD defaults to build/ci.
set -euo pipefail
build=${1:-build/ci}
min=${2:-1}
ours=$build/bench/hcl/bench_hcl
ref=$build/bench/hcl/hcl-bench-go
[ -x "$ours" ] || { echo "bench/hcl/run.sh: $ours not built (cmake --build $build --target bench_hcl)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$ours" --write-inputs "$tmp"
files=("$tmp/root.hcl" "$tmp/terragrunt.hcl" "$tmp/main.tf")
"$ours" --min-time "$min" "${files[@]}" >"$tmp/ours.txt"
if [ -x "$ref" ]; then "$ref" --min-time "$min" "${files[@]}" >"$tmp/ref.txt"; else : >"$tmp/ref.txt"; fi
echo "| file | bytes | op | C++ µs/op | C++ MB/s | C++ allocs/op | Go µs/op | Go MB/s | Go allocs/op | speedup |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
awk 'NR==FNR { ref[$2" "$3]=$0; next }
     { split(ref[$2" "$3], r, " ");
       go_us = (r[6] != "") ? sprintf("%.1f", r[6]/1000) : "-";
       go_mb = (r[7] != "") ? r[7] : "-";
       go_al = (r[8] != "") ? r[8] : "-";
       sp = (r[6] != "") ? sprintf("%.2fx", r[6]/$6) : "-";
       printf "| %s | %s | %s | %.1f | %s | %s | %s | %s | %s | %s |\n", $2, $4, $3, $6/1000, $7, $8, go_us, go_mb, go_al, sp }' \
  "$tmp/ref.txt" "$tmp/ours.txt"
