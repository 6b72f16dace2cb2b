#!/usr/bin/env bash
# Indexing throughput by input format: the same generated threads (one
# seed) written as text, HTML thread pages and JSON Lines, each indexed by
# lantern-index into a fresh index. Prints a Markdown table of medians.
#
#   bash bench/index_formats.sh [POSTS] [REPEATS]     (default 20000 posts, 3 runs)
#
# Throughput is reported per format against text in the same run, so the
# ratios hold on a noisy, shared machine even when the absolute figures move.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
posts=${1:-20000}
repeats=${2:-3}
build=${LANTERN_BUILD_DIR:-$root/build}
work=$(mktemp -d "${TMPDIR:-/tmp}/lantern-bench-formats.XXXXXX")
trap 'rm -rf "$work"' EXIT

[ -x "$build/indexer/lantern-index" ] || bash "$root/scripts/build.sh" >/dev/null
index=$build/indexer/lantern-index
corpus=$build/corpus/generator/lantern-corpus

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "Generating $posts posts in each format …" >&2
for fmt in text html jsonl; do
    "$corpus" --out "$work/in-$fmt" --posts "$posts" --format "$fmt" --seed 11 >/dev/null
done

printf '| input | files | MB on disk | posts | median s | posts/s | MB/s | vs text |\n'
printf '|---|---|---|---|---|---|---|---|\n'
base=""
for fmt in text html jsonl; do
    files=$(find "$work/in-$fmt" -type f | wc -l)
    mb=$(du -sb "$work/in-$fmt" | awk '{ printf "%.1f", $1 / 1e6 }')
    times=()
    for ((r = 0; r < repeats; r++)); do
        rm -rf "$work/db"
        t0=$(date +%s.%N)
        summary=$("$index" --quiet --db "$work/db" "$work/in-$fmt")
        t1=$(date +%s.%N)
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
    done
    n=$(echo "$summary" | sed -n 's/.* threads, \([0-9]*\) posts.*/\1/p')
    secs=$(printf '%s\n' "${times[@]}" | median)
    pps=$(awk -v n="$n" -v s="$secs" 'BEGIN { print n / s }')
    [ -n "$base" ] || base=$pps
    awk -v f="$fmt" -v files="$files" -v mb="$mb" -v n="$n" -v s="$secs" -v p="$pps" -v b="$base" \
        'BEGIN { printf "| %s | %s | %s | %s | %.2f | %.0f | %.1f | %.2f× |\n", f, files, mb, n, s, p, mb / s, p / b }'
done
echo
echo "Machine: $(nproc) cores, $(uname -m); lantern-index defaults ($(nproc) writers, batches of 5000 posts flushed every 1000)."
