#!/usr/bin/env bash
# lantern-searchd under load on loopback: wrk with C connections for S
# seconds over the query mix of bench/queries.txt, against an index of a
# generated corpus (or an index you give). Reports requests/s, latency
# percentiles, failed requests, the daemon's CPU time per request
# (bench/daemon_cpu.sh), and its memory (RSS) sampled every second, to
# show it stays flat.
#
#   bash bench/http_load.sh [--posts N] [--connections C] [--seconds S] [--db DIR]
#                           [--threads N] [--keep-postings MB]
#   defaults: 100000 posts, 16 connections, 30 seconds, the daemon's own
#   number of search threads and memory for postings
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LANTERN_BUILD_DIR:-$root/build}
posts=100000 connections=16 seconds=30 db="" threads="" keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --posts) posts=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --db) db=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --keep-postings) keep=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
command -v wrk >/dev/null || {
    echo "installing wrk …" >&2
    sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get install -y -q wrk >/dev/null
}
[ -x "$build/searchd/lantern-searchd" ] || bash "$root/scripts/build.sh" >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/lantern-http.XXXXXX")
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

if [ -z "$db" ]; then
    echo "generating and indexing $posts posts …" >&2
    "$build/corpus/generator/lantern-corpus" --out "$work/in" --posts "$posts" --format jsonl --seed 5 >/dev/null
    "$build/indexer/lantern-index" --quiet --no-sync --db "$work/db" "$work/in" >/dev/null
    db=$work/db
fi
"$build/searchd/lantern-searchd" --db "$db" --listen 127.0.0.1:0 ${threads:+--threads "$threads"} \
    ${keep:+--keep-postings "$keep"} \
    --port-file "$work/port" >/dev/null 2>"$work/stderr" &
pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
# Warm the caches the way a running service has them warm.
QUERIES=$root/bench/queries.txt wrk -t2 -c4 -d3s -s "$root/bench/http_load.lua" "http://127.0.0.1:$port" >/dev/null
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$pid/status"; }
# shellcheck source=bench/daemon_cpu.sh
. "$root/bench/daemon_cpu.sh"
rss_start=$(rss)
( while kill -0 "$pid" 2>/dev/null; do rss; sleep 1; done ) > "$work/rss" &
sampler=$!
ticks=$(cpu_ticks "$pid")
QUERIES=$root/bench/queries.txt wrk -t"$((connections < 2 ? 1 : 2))" -c"$connections" -d"${seconds}s" --timeout 5s \
    -s "$root/bench/http_load.lua" "http://127.0.0.1:$port" > "$work/wrk"
ticks=$(( $(cpu_ticks "$pid") - ticks ))
rss_end=$(rss)
kill "$sampler" 2>/dev/null || true
rss_peak=$(sort -n "$work/rss" | tail -1)
docs=$(curl -s "http://127.0.0.1:$port/healthz" | sed -n 's/.*"documents":\([0-9]*\).*/\1/p')
val() { awk -v k="$1" '$1 == k { print $2 }' "$work/wrk"; }
cat <<TABLE
| documents | connections | seconds | requests | failed | requests/s | p50 ms | p90 ms | p99 ms | daemon CPU ms a request | RSS start → peak → end (MB) |
|---|---|---|---|---|---|---|---|---|---|---|
| $docs | $connections | $seconds | $(val requests) | $(val errors) | $(val rps) | $(val p50_ms) | $(val p90_ms) | $(val p99_ms) | $(cpu_ms "$ticks" "$(val requests)") | $(awk -v a="$rss_start" -v b="$rss_peak" -v c="$rss_end" 'BEGIN { printf "%.0f → %.0f → %.0f", a/1024, b/1024, c/1024 }') |

Machine: $(nproc) cores; lantern-searchd --threads ${threads:-(default)} --keep-postings ${keep:-(default)}; wrk (2 threads, 1 for 1 connection) on the same machine; gzip accepted.
TABLE
