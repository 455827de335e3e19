#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (preset "fuzz") and runs each one for
# the given number of seconds (default 20) starting from its seed corpus.
# Exit status is non-zero if any target finds a crash, leak or timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "${JOBS:-$(nproc)}" --target fuzz_all
status=0
while IFS= read -r -d '' target; do
  name=$(basename "$target")
  corpus_src="tests/fuzz/corpus/$name"
  work="build/fuzz/corpus-work/$name"
  mkdir -p "$work"
  [ -d "$corpus_src" ] && cp -n "$corpus_src"/* "$work"/ 2>/dev/null || true
  echo "fuzz: $name for ${seconds}s"
  if ! "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 "$work" > "build/fuzz/$name.log" 2>&1; then
    echo "fuzz: $name FAILED; see build/fuzz/$name.log" >&2
    tail -40 "build/fuzz/$name.log" >&2
    status=1
  fi
done < <(find build/fuzz/tests/fuzz -type f -executable -name 'fuzz_*' -print0 | sort -z)
exit $status
