#!/usr/bin/env bash
# Builds a libFuzzer target over AmableCore's sources and runs it.
#   Fuzz/run.sh matcher 300    # messages through the whole understanding + one bot turn
#   Fuzz/run.sh json 300       # the JSON parser and serializer
# Crashes are written to Fuzz/artifacts/; the corpus grows in .build/fuzz/corpus-TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: Fuzz/run.sh matcher|json [SECONDS]}
seconds=${2:-120}
case "$target" in
  matcher) main=Fuzz/FuzzMatcher.swift ;;
  json) main=Fuzz/FuzzJSON.swift ;;
  *) echo "unknown target $target (matcher, json)" >&2; exit 64 ;;
esac
mkdir -p .build/fuzz "Fuzz/artifacts" ".build/fuzz/corpus-$target"
bin=.build/fuzz/fuzz-$target
echo "building $bin (release, libFuzzer + AddressSanitizer)…"
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name AmableCore \
  $(find Sources/AmableCore -name "*.swift") "$main" -o "$bin" 2> >(grep -v "Cannot export local symbol" >&2)
seed=".build/fuzz/corpus-$target"
if [ "$target" = matcher ] && [ -z "$(ls -A "$seed")" ]; then
  # Seed with the benchmark messages so the fuzzer starts from real chat text.
  i=0; while IFS=$'\t' read -r text _; do printf '%s' "$text" > "$seed/seed-$i"; i=$((i+1)); done < Benchmarks/messages.tsv
fi
AMABLE_HOME=$PWD "$bin" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=4096 \
  -artifact_prefix=Fuzz/artifacts/ -print_final_stats=1 "$seed"
