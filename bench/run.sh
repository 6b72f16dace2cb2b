#!/usr/bin/env bash
# Lantern's benchmark suite, one command: the same generated corpus indexed
# by lantern-index (all cores, and one writer), a bare Xapian loop
# (TermGenerator, the naive design), SQLite FTS5 and Apache Lucene 8; then
# queries in-process (Lantern's searcher, bare Xapian, FTS5) and over HTTP
# (lantern-searchd under wrk at 1, 4 and 16 connections). Writes a Markdown
# report (bench/REPORT.md unless --out says otherwise).
#
#   bash bench/run.sh                       sizes 10000 100000 1000000
#   bash bench/run.sh --sizes "10000 100000" --repeats 3 --http-seconds 30
#   bash bench/run.sh --quick               a tiny run that proves it works
#   bash bench/run.sh --keep DIR --reuse    queries and HTTP only, on the
#                                           indexes a --keep DIR run left
#
# Every figure comes from this run on this machine: the ratios are what to
# read, since absolute figures move with a shared machine's load.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LANTERN_BUILD_DIR:-$root/build}
sizes="10000 100000 1000000" repeats=3 big_repeats=1 http_seconds=30 out=$root/bench/REPORT.md
query_repeats=10 quick=0 keep="" reuse=0
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes=$2; shift 2 ;;
        --repeats) repeats=$2; shift 2 ;;
        --http-seconds) http_seconds=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        --reuse) reuse=1; shift ;;
        --quick) quick=1 sizes=2000 repeats=1 http_seconds=1 query_repeats=1; shift ;;
        --help) usage; exit 0 ;;
        *) echo "bench/run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done

for tool in /usr/bin/time xapian-compact wrk javac; do
    command -v "$tool" >/dev/null || { bash "$root/scripts/install-deps.sh" --tests >&2; break; }
done
for program in indexer/lantern-index bench/peers/xapian_bare bench/peers/fts5 bench/peers/lantern_query; do
    [ -x "$build/$program" ] || { bash "$root/scripts/build.sh" >&2; break; }
done
lucene_cp=/usr/share/java/lucene-core-8.7.0.jar:/usr/share/java/lucene-analyzers-common-8.7.0.jar
for jar in ${lucene_cp//:/ }; do
    [ -f "$jar" ] || { echo "bench/run.sh: $jar missing (liblucene8-java)" >&2; exit 1; }
done

work=${keep:-$(mktemp -d "${TMPDIR:-/tmp}/lantern-bench.XXXXXX")}
mkdir -p "$work"
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    [ -n "$keep" ] || rm -rf "$work"
}
trap cleanup EXIT
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

javac -d "$work/java" -cp "$lucene_cp" "$root/bench/peers/LuceneIndex.java"
cores=$(nproc)
index=$build/indexer/lantern-index
bare=$build/bench/peers/xapian_bare
fts5=$build/bench/peers/fts5
queries=$root/bench/queries.txt

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
spread() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f–%.2f", lo, hi }'; }

# timed NAME CMD...: runs CMD under /usr/bin/time; appends "seconds peak_kb"
# to $work/NAME.times.
timed() {
    local name=$1; shift
    /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" >"$work/$name.stdout" 2>"$work/$name.stderr" || {
        echo "bench/run.sh: $name failed:" >&2; tail -5 "$work/$name.stderr" >&2; exit 1
    }
    cat "$work/time.out" >> "$work/$name.times"
}

# size_mb PATH...: disk use in MB.
size_mb() { du -sbc "$@" | tail -1 | awk '{ printf "%.1f", $1 / 1e6 }'; }

engines=(lantern lantern1 xapian fts5 lucene)
declare -A label=(
    [lantern]="lantern-index, $cores writers (--jobs $cores)"
    [lantern1]="lantern-index, one writer (--jobs 1)"
    [xapian]="bare Xapian (TermGenerator, one writer)"
    [fts5]="SQLite FTS5 (porter)"
    [lucene]="Lucene 8 (EnglishAnalyzer)"
)

index_once() {
    local engine=$1 n=$2 db=$work/db-$1-$2
    rm -rf "$db" "$db.compact"
    case $engine in
        lantern) timed "$engine-$n" "$index" --quiet --jobs "$cores" --db "$db" "$work/in-$n/jsonl" ;;
        lantern1) timed "$engine-$n" "$index" --quiet --jobs 1 --db "$db" "$work/in-$n/jsonl" ;;
        xapian) timed "$engine-$n" "$bare" index "$db" "$work/in-$n"/tsv/*.tsv ;;
        fts5) timed "$engine-$n" "$fts5" index "$db" "$work/in-$n"/tsv/*.tsv ;;
        lucene) timed "$engine-$n" java -cp "$lucene_cp:$work/java" LuceneIndex index "$db" "$work/in-$n"/tsv/*.tsv ;;
    esac
}

# compact ENGINE N: the engine's own compaction, after the timed run; prints
# the size on disk before and after.
compact() {
    local engine=$1 n=$2 db=$work/db-$1-$2 before
    before=$(size_mb "$db")
    case $engine in
        lantern|lantern1)
            if [ -d "$db/shard-000" ]; then xapian-compact -m "$db"/shard-* "$db"/spelling "$db.compact" >/dev/null
            else xapian-compact "$db" "$db.compact" >/dev/null; fi ;;
        xapian) xapian-compact "$db" "$db.compact" >/dev/null ;;
        fts5) "$fts5" optimize "$db" ;;
        lucene) java -cp "$lucene_cp:$work/java" LuceneIndex merge "$db" ;;
    esac
    if [ -e "$db.compact" ]; then echo "$before $(size_mb "$db.compact")"
    else echo "$before $(size_mb "$db")"; fi
}

report=$work/report.md
{
    echo "# Lantern benchmark report"
    echo
    echo "Run on $(date -u +%Y-%m-%d) with \`bash bench/run.sh${*:+ $*}\`; $cores cores,"
    echo "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -m)."
    # The allocator is part of the indexer's design (CMakeLists.txt says
    # why); the peers run with the C library's malloc, as built.
    if ldd "$index" | grep -q jemalloc; then echo "lantern-index allocates with jemalloc."
    else echo "lantern-index allocates with the C library's malloc (built with -DLANTERN_JEMALLOC=OFF)."; fi
    echo "Corpus: \`lantern-corpus --seed 7\` (threads shaped like the forum's); Lantern reads it"
    echo "as JSON Lines, the peers as one post per TSV line (the same posts and text)."
    echo "Lantern indexes everything it serves (title, own words and quoted words as"
    echo "fields, roles, dates, thread ids, spelling data, stored records); the peers"
    echo "index title, text and quoted text. Times are wall-clock for the whole"
    echo "process, compaction not included; sizes are after each engine's compaction."
    echo
} > "$report"

for n in $sizes; do
    [ "$reuse" = 0 ] || break
    log "generating $n posts"
    rm -rf "$work/in-$n"
    "$build/corpus/generator/lantern-corpus" --out "$work/in-$n" --posts "$n" --format jsonl --seed 7 >/dev/null
    "$build/corpus/generator/lantern-corpus" --out "$work/in-$n" --posts "$n" --format tsv --seed 7 >/dev/null
    posts=$(cat "$work/in-$n"/tsv/*.tsv | wc -l)
    text_mb=$(size_mb "$work/in-$n/tsv")
    runs=$repeats
    [ "$n" -lt 1000000 ] || runs=$big_repeats
    for engine in "${engines[@]}"; do rm -f "$work/$engine-$n.times"; done
    # Rounds of every engine, not every run of one engine in a row: a
    # shared machine's slow minutes then fall on all of them alike.
    for ((r = 1; r <= runs; r++)); do
        for engine in "${engines[@]}"; do
            log "$n posts: ${label[$engine]}, run $r of $runs"
            index_once "$engine" "$n"
        done
    done
    for engine in "${engines[@]}"; do compact "$engine" "$n" > "$work/$engine-$n.sizes"; done
    {
        echo "## Indexing $posts posts ($text_mb MB of text), $runs run(s) each"
        echo
        echo "| engine | median s (range) | posts/s | MB/s | peak RSS MB | index MB as built | after compaction | Lantern ($cores writers) is |"
        echo "|---|---|---|---|---|---|---|---|"
    } >> "$report"
    lantern_pps=""
    for engine in "${engines[@]}"; do
        secs=$(awk '{ print $1 }' "$work/$engine-$n.times" | median)
        range=$(awk '{ print $1 }' "$work/$engine-$n.times" | spread)
        rss=$(awk '{ print $2 }' "$work/$engine-$n.times" | median)
        read -r built compacted < "$work/$engine-$n.sizes"
        pps=$(awk -v p="$posts" -v s="$secs" 'BEGIN { printf "%.0f", p / s }')
        [ -n "$lantern_pps" ] || lantern_pps=$pps
        awk -v eng="$engine" -v e="${label[$engine]}" -v s="$secs" -v r="$range" -v p="$pps" -v mb="$text_mb" \
            -v rss="$rss" -v b="$built" -v c="$compacted" -v l="$lantern_pps" \
            'BEGIN { printf "| %s | %.2f (%s) | %d | %.1f | %.0f | %s | %s | %s |\n", e, s, r, p,
                     mb / s, rss / 1024, b, c,  eng == "lantern" ? "—" : sprintf("%.2f×", l / p) }' \
            >> "$report"
    done
    echo >> "$report"
done

largest=${sizes##* }
log "queries in-process on the $largest-post indexes"
# Each engine runs the mix untimed first: a running service has its index
# in the page cache, and the order of the runs must not decide who reads
# from disk. Twice: after every engine's million-post build, one pass
# seemed to leave part of Lantern's index cold (a report gave 27
# queries/s where the same index, warm on its own, gives 35).
warm=$((quick ? 1 : 2))
# Each Xapian engine is queried on its index as built and as merged by
# xapian-compact (one database, full blocks), as FTS5 and Lucene are after
# their own optimize and merge: the compacted index is what a service
# would serve of an archive that changes rarely.
run_queries() {   # NAME PROGRAM... : warm passes, then the timed ones
    local name=$1; shift
    "$@" "$queries" "$warm" >/dev/null
    "$@" "$queries" "$query_repeats" > "$work/q-$name"
}
run_queries lantern-compact "$build/bench/peers/lantern_query" "$work/db-lantern-$largest.compact"
run_queries lantern "$build/bench/peers/lantern_query" "$work/db-lantern-$largest"
# What keeping the posts' lengths in memory saves: the searcher reading
# them from the index, as Xapian's BM25 does (and a one-shot search).
lantern_index_lengths() { "$build/bench/peers/lantern_query" "$@" index-lengths; }
run_queries lantern-index-lengths lantern_index_lengths "$work/db-lantern-$largest.compact"
run_queries xapian-compact "$bare" query "$work/db-xapian-$largest.compact"
run_queries xapian "$bare" query "$work/db-xapian-$largest"
run_queries fts5 "$fts5" query "$work/db-fts5-$largest"
qval() { awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' "$work/q-$1"; }
{
    echo "## Queries in-process, $largest posts"
    echo
    echo "The mix of \`bench/queries.txt\` ($(grep -cv '^#' "$queries") queries: common and rare words,"
    echo "phrases, misspellings, abbreviations), each run $query_repeats times, one thread. Lantern:"
    echo "its whole searcher (vocabulary expansion, spelling, phrase evidence, grouping"
    echo "to threads, coordination, snippets); bare Xapian: QueryParser and the"
    echo "top 10 documents' data; FTS5: the words ORed, bm25, the top 10 bodies."
    echo "\"Compacted\" is the index merged by \`xapian-compact\` into one database;"
    echo "\"as built\" is Lantern's $cores shards, or bare Xapian's one database, as indexing left them."
    echo "Lantern's p99 is compared with the peer's on an index in the same state."
    echo "Lantern's searcher keeps the posts' lengths and the words' postings in memory,"
    echo "as the daemon's do; \"lengths read from the index\" is the same searcher without"
    echo "either (BM25 as Xapian reads it)."
    echo
    echo "| engine | index | queries/s | p50 ms | p99 ms | Lantern's p99 is |"
    echo "|---|---|---|---|---|---|"
    for e in lantern-compact lantern lantern-index-lengths xapian-compact xapian fts5; do
        case $e in
            lantern-compact) name="Lantern (lantern_query)" state=compacted mine="" ;;
            lantern) name="Lantern (lantern_query)" state="as built" mine="" ;;
            lantern-index-lengths) name="Lantern, lengths read from the index" state=compacted mine="" ;;
            xapian-compact) name="bare Xapian" state=compacted mine=lantern-compact ;;
            xapian) name="bare Xapian" state="as built" mine=lantern ;;
            fts5) name="SQLite FTS5" state=optimized mine=lantern-compact ;;
        esac
        awk -v n="$name" -v s="$state" -v q="$(qval $e qps)" -v a="$(qval $e p50_ms)" -v b="$(qval $e p99_ms)" \
            -v l="${mine:+$(qval "$mine" p99_ms)}" \
            'BEGIN { printf "| %s | %s | %.0f | %.2f | %.2f | %s |\n", n, s, q, a, b, l == "" ? "—" : sprintf("%.2f× theirs", l / b) }'
    done
    echo
} >> "$report"

log "lantern-searchd under wrk on the $largest-post index"
# start_daemon DB [OPTION]...: lantern-searchd on DB, on a free port,
# warmed by wrk.
start_daemon() {
    rm -f "$work/port"
    "$build/searchd/lantern-searchd" --db "$@" --listen 127.0.0.1:0 \
        --port-file "$work/port" >/dev/null 2>"$work/searchd.stderr" &
    pid=$!
    for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
    [ -s "$work/port" ] || { echo "bench/run.sh: lantern-searchd did not start:" >&2; cat "$work/searchd.stderr" >&2; exit 1; }
    url=http://127.0.0.1:$(cat "$work/port")
    QUERIES=$queries wrk -t1 -c2 -d"$((quick ? 1 : 10))s" -s "$root/bench/http_load.lua" "$url" >/dev/null
}
stop_daemon() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }
rss() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status"; }
# shellcheck source=bench/daemon_cpu.sh
. "$root/bench/daemon_cpu.sh"
# load STATE C: one row of wrk at C connections against the running daemon.
load() {
    local state=$1 c=$2 before ticks
    log "wrk, index $state, $c connections, ${http_seconds} s"
    before=$(rss)
    ticks=$(cpu_ticks "$pid")
    QUERIES=$queries wrk -t"$((c < 2 ? 1 : 2))" -c"$c" -d"${http_seconds}s" --timeout 5s \
        -s "$root/bench/http_load.lua" "$url" > "$work/wrk-$c"
    ticks=$(( $(cpu_ticks "$pid") - ticks ))
    w() { awk -v k="$1" '$1 == k { print $2 }' "$work/wrk-$c"; }
    echo "| $state | $c | $(w requests) | $(w errors) | $(w rps) | $(w p50_ms) | $(w p90_ms) | $(w p99_ms) | $(cpu_ms "$ticks" "$(w requests)") | $before → $(rss) |" >> "$report"
}
{
    echo "## lantern-searchd over HTTP, $largest posts"
    echo
    echo "wrk on the same machine, ${http_seconds} s per row, gzip accepted, the same query mix"
    echo "(with its filters); the daemon's defaults ($(( $(nproc) > 2 ? $(nproc) : 2 )) search threads, one per core);"
    echo "the compacted index, then for comparison the index as built ($cores shards), and the"
    echo "compacted index with no postings kept in memory (\`--keep-postings 0\`)."
    echo "The daemon's CPU time (all its threads) per request, times requests/s, is the"
    echo "cores it kept busy: near all of them, its latencies are what the CPU allows."
    echo
    echo "| index | connections | requests | failed | requests/s | p50 ms | p90 ms | p99 ms | daemon CPU ms a request | daemon RSS MB before → after |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
} >> "$report"
start_daemon "$work/db-lantern-$largest.compact"
for c in 1 4 16; do load compacted "$c"; done
stop_daemon
start_daemon "$work/db-lantern-$largest"
load "as built" 16
stop_daemon
start_daemon "$work/db-lantern-$largest.compact" --keep-postings 0
load "compacted, no postings kept" 16
stop_daemon

mkdir -p "$(dirname "$out")"
cp "$report" "$out"
log "report written to $out"
[ "$quick" = 0 ] || cat "$out"
