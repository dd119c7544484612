#!/usr/bin/env bash
# Builds a libFuzzer target over AmableCore's sources (or the HTTP decoder's) and runs it.
#   Fuzz/run.sh matcher 300    # messages through the whole understanding + one bot turn
#   Fuzz/run.sh json 300       # the JSON parser and serializer
#   Fuzz/run.sh http 300       # the HTTP/1.1 request decoder of `amable serve`
# Crashes are written to Fuzz/artifacts/; the corpus grows in .build/fuzz/corpus-TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: Fuzz/run.sh matcher|json|http [SECONDS]}
seconds=${2:-120}
case "$target" in
  matcher) main=Fuzz/FuzzMatcher.swift ;;
  json) main=Fuzz/FuzzJSON.swift ;;
  http) main=Fuzz/FuzzHTTP.swift ;;
  *) echo "unknown target $target (matcher, json, http)" >&2; exit 64 ;;
esac
module=AmableCore
sources=$(find Sources/AmableCore -name "*.swift")
if [ "$target" = http ]; then
  # The decoder is pure Swift with no imports: built on its own.
  module=AmableHTTP
  sources=$(find Sources/AmableHTTP/HTTP -name "*.swift")
fi
mkdir -p .build/fuzz "Fuzz/artifacts" ".build/fuzz/corpus-$target"
bin=.build/fuzz/fuzz-$target
echo "building $bin (release, libFuzzer + AddressSanitizer)…"
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name "$module" \
  $sources "$main" -o "$bin" 2> >(grep -v "Cannot export local symbol" >&2)
seed=".build/fuzz/corpus-$target"
if [ "$target" = matcher ] && [ -z "$(ls -A "$seed")" ]; then
  # Seed with the benchmark messages so the fuzzer starts from real chat text.
  i=0; while IFS=$'\t' read -r text _; do printf '%s' "$text" > "$seed/seed-$i"; i=$((i+1)); done < Benchmarks/messages.tsv
fi
if [ "$target" = http ] && [ -z "$(ls -A "$seed")" ]; then
  # Seed with well-formed and pipelined requests so the fuzzer starts inside the grammar.
  printf '\x05\x11\x02\x30GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n' > "$seed/get"
  printf '\x01\x40\x07\x03POST /v1/conversations/c1/messages HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"text":"hola"}GET /x?after=2&wait=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n' > "$seed/pipelined"
  printf '\x09\x09\x09\x09POST /webhooks/rest/webhook HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2, 2\r\nTransfer-Encoding: chunked\r\n\r\n{}' > "$seed/framing"
  printf '\x02\x02\x02\x02\r\nGET http://h:1/a%%20b HTTP/1.0\nX: y \n\n' > "$seed/lf"
fi
AMABLE_HOME=$PWD "$bin" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=4096 \
  -artifact_prefix=Fuzz/artifacts/ -print_final_stats=1 "$seed"
