#!/bin/sh
# Differential test of lib/funcs against go-cty's stdlib and go-cty-yaml.
# usage: compare.sh GO_REFERENCE CPP_CHECK CORPUS KNOWN_DIFFERENCES
# Runs both on CORPUS (one call per line) and fails on any result that
# differs, except for the input lines listed in KNOWN_DIFFERENCES (each
# with its reason on the comment line before it). Refinements are dropped
# from the C++ output first: the Debian reference is go-cty 1.12, which
# predates them.
set -eu
go_bin=$1 cpp_bin=$2 corpus=$3 known=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$go_bin" < "$corpus" > "$tmp/go.txt"
"$cpp_bin" < "$corpus" | sed 's/\.RefineNotNull()//g' > "$tmp/cpp.txt"
grep -v '^#' "$known" > "$tmp/known.txt" || true
paste -d '\n' "$corpus" "$tmp/go.txt" "$tmp/cpp.txt" | awk -v known="$tmp/known.txt" '
  BEGIN { while ((getline k < known) > 0) allowed[k] = 1 }
  NR % 3 == 1 { input = $0 }
  NR % 3 == 2 { want = $0 }
  NR % 3 == 0 {
    n++
    if (want != $0 && !(input in allowed)) {
      bad++
      print "MISMATCH " input "\n  go:  " want "\n  c++: " $0
    }
  }
  END {
    printf "%d calls, %d mismatches\n", n, bad
    exit bad > 0
  }'
