#!/usr/bin/env bash
# Load test of `amable serve` against nginx on the same machine, in the same run.
#
#   Benchmarks/load.sh                 # 60 s of bot turns, 20 s of nginx, 64 connections
#   DURATION=10 NGINX_DURATION=5 Benchmarks/load.sh   # a quick look
#
# amable: wrk with keep-alive at 64 connections POSTs full bot turns (understanding, dialogue,
# replies, SQLite commit; each conversation one message at a time, see load/turn.lua) while 2,000 idle keep-alive connections are held open; its memory
# (RSS) is sampled every 5 s. nginx: the same wrk against a fixed 200 (`return 200`). And, to
# tell the server from the bot, the same wrk against amable's GET /healthz (no bot, no store).
# Prints requests/s, p50/p99 latency, the ratio to nginx, memory and the idle connections.
# SYNC=full|normal is the store's sync mode (`amable serve --sync`; default: full, as the server's own
# default: turns that arrive together share one commit and one fsync).
# Installs wrk and nginx (Debian packages) when missing. Everything stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60}
NGINX_DURATION=${NGINX_DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
IDLE=${IDLE:-2000}
AMABLE_PORT=${AMABLE_PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
SCRATCH=${SCRATCH:-.build}
SYNC=${SYNC:-full}

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  [ -x "/usr/sbin/$1" ] && return 0
  echo "installing $2…" >&2
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "$2" >/dev/null
}
need wrk wrk
need nginx nginx-light
need python3 python3
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

echo "building amable (release)…" >&2
swift build -c release --product amable --scratch-path "$SCRATCH" >/dev/null
AMABLE="$SCRATCH/release/amable"

work=$(mktemp -d /tmp/amable-load.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# nginx: a fixed 200 with a JSON body, keep-alive, no log.
mkdir -p "$work/nginx"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { default_type application/json; return 200 '{"status":"ok"}'; }
  }
}
CONF
"$NGINX" -c "$work/nginx.conf" -p "$work/nginx" -e "$work/nginx/error.log"

"$AMABLE" serve --port "$AMABLE_PORT" --data "$work/data" --sync "$SYNC" --rate-limit 0 --conversation-rate 0 \
  --max-connections 10000 --idle-timeout 300 > "$work/amable.log" 2>&1 &
amable_pid=$!
pids+=("$amable_pid")
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$AMABLE_PORT/healthz" >/dev/null && break; sleep 0.1; done

# wrk's summary → "requests/s p50 p99 errors"
summarize() {
  awk '
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx or 3xx responses:/ { bad += $NF }
    /Socket errors:/ { for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) { gsub(",", "", $i); bad += $i } }
    END { printf "%s %s %s %d\n", rps, p50, p99, bad }' "$1"
}
ms() {  # wrk latency (850.00us, 1.20ms, 2.00s) → milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

echo "warming up…" >&2
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s Benchmarks/load/turn.lua "http://127.0.0.1:$AMABLE_PORT" -- warmup > /dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "http://127.0.0.1:$NGINX_PORT/" > /dev/null

# CPU time (user + system, clock ticks) of processes, summed: nginx's master and workers, or amable.
ticks_of() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
# Microseconds of CPU per request: ticks, requests (from wrk's summary file).
per_request() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" '/requests in/ { printf "%.1f", t / hz / $1 * 1e6 }' "$2"; }

echo "nginx: ${NGINX_DURATION}s, $CONNECTIONS connections…" >&2
nginx_pids="$(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ')"
n_ticks=$(ticks_of $nginx_pids)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${NGINX_DURATION}s" --latency "http://127.0.0.1:$NGINX_PORT/" > "$work/nginx.txt"
n_ticks=$(( $(ticks_of $nginx_pids) - n_ticks ))
kill "$(cat "$work/nginx.pid")" 2>/dev/null || true

echo "amable GET /healthz: ${NGINX_DURATION}s, $CONNECTIONS connections…" >&2
h_ticks=$(ticks_of "$amable_pid")
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${NGINX_DURATION}s" --latency "http://127.0.0.1:$AMABLE_PORT/healthz" > "$work/health.txt"
h_ticks=$(( $(ticks_of "$amable_pid") - h_ticks ))

echo "amable: ${DURATION}s of bot turns, $CONNECTIONS connections, $IDLE idle connections held…" >&2
python3 Benchmarks/load/idle.py "$AMABLE_PORT" "$IDLE" "$((DURATION + 3))" > "$work/idle.txt" &
idle_pid=$!
pids+=("$idle_pid")
sleep 2
rss=()
( for _ in $(seq 0 5 "$DURATION"); do awk '/VmRSS/ { print $2 }' "/proc/$amable_pid/status"; sleep 5; done ) > "$work/rss.txt" &
pids+=("$!")
open_during=$(curl -s "http://127.0.0.1:$AMABLE_PORT/metrics" | awk '/^amable_open_connections/ { print $2 }')
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$amable_pid/stat"; }
ticks_before=$(cpu_ticks)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s Benchmarks/load/turn.lua "http://127.0.0.1:$AMABLE_PORT" -- run > "$work/amable.txt"
if ! kill -0 "$amable_pid" 2>/dev/null; then
  echo "amable stopped during the run; the end of its output:" >&2
  tail -n 40 "$work/amable.log" >&2
  exit 1
fi
ticks_after=$(cpu_ticks)
wait "$idle_pid" || true
turns=$(curl -s "http://127.0.0.1:$AMABLE_PORT/metrics" | awk '/^amable_turn_duration_seconds_count/ { print $2 }')
escalations=$(curl -s "http://127.0.0.1:$AMABLE_PORT/metrics" | awk '/^amable_escalations_total\{/ { n += $2 } END { print n + 0 }')

read -r n_rps n_p50 n_p99 n_bad < <(summarize "$work/nginx.txt")
read -r a_rps a_p50 a_p99 a_bad < <(summarize "$work/amable.txt")
read -r h_rps h_p50 h_p99 h_bad < <(summarize "$work/health.txt")
ratio=$(awk -v a="$a_rps" -v n="$n_rps" 'BEGIN { printf "%.3f", a / n }')
h_ratio=$(awk -v a="$h_rps" -v n="$n_rps" 'BEGIN { printf "%.2f", a / n }')
mapfile -t samples < "$work/rss.txt"
first_mb=$(awk -v k="${samples[1]:-${samples[0]}}" 'BEGIN { printf "%.1f", k / 1024 }')
last_mb=$(awk -v k="${samples[-1]}" 'BEGIN { printf "%.1f", k / 1024 }')
max_mb=$(printf '%s\n' "${samples[@]}" | sort -n | tail -1 | awk '{ printf "%.1f", $1 / 1024 }')

echo
echo "machine: $(nproc) cores, $(uname -sr); wrk -t$THREADS -c$CONNECTIONS, keep-alive"
printf "%-28s %12s %10s %10s %8s\n" "" "requests/s" "p50 ms" "p99 ms" "errors"
printf "%-28s %12s %10s %10s %8s\n" "nginx, fixed 200 (${NGINX_DURATION}s)" "$n_rps" "$(ms "$n_p50")" "$(ms "$n_p99")" "$n_bad"
printf "%-28s %12s %10s %10s %8s\n" "amable, GET /healthz (${NGINX_DURATION}s)" "$h_rps" "$(ms "$h_p50")" "$(ms "$h_p99")" "$h_bad"
printf "%-28s %12s %10s %10s %8s\n" "amable, bot turn (${DURATION}s)" "$a_rps" "$(ms "$a_p50")" "$(ms "$a_p99")" "$a_bad"
echo "ratio to nginx: bot turn $ratio, /healthz $h_ratio   (store sync: $SYNC; turns counted by /metrics: $turns)"
echo "amable RSS (MB) every 5 s: $(printf '%s ' "${samples[@]}" | awk '{ for (i = 1; i <= NF; i++) printf "%.0f ", $i / 1024 }')"
echo "amable RSS: ${first_mb} MB after 5 s, ${last_mb} MB at the end, ${max_mb} MB at most"
requests=$(awk '/requests in/ { print $1 }' "$work/amable.txt")
echo "amable CPU per bot turn: $(awk -v t=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.0f", t / hz / n * 1e6 }') µs (user + system, all threads)"
echo "server CPU per request: nginx $(per_request "$n_ticks" "$work/nginx.txt") µs, amable /healthz $(per_request "$h_ticks" "$work/health.txt") µs (user + system, all threads; wrk's own CPU not counted)"
echo "open connections during the run: $open_during"
echo "conversations handed to a person: $escalations (the script's conversations never ask for one: more than 0 means turns went wrong)"
cat "$work/idle.txt" | tail -1
