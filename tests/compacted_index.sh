#!/usr/bin/env bash
# The README's way to serve an archive that changes rarely: merge a sharded
# index's shards and spelling data with xapian-compact. The merged index
# must answer as the index as built (the same posts with the same scores and
# the same spelling corrections; compaction renumbers documents, so equal
# scores may come in another order, and "total", Xapian's estimate, may
# differ where the match stops early), and a later lantern-index run must
# write into it as into a one-writer index.
#
#   compacted_index.sh LANTERN-INDEX LANTERN-SEARCH SAMPLE-FOLDER
set -euo pipefail
index=${1:?usage: compacted_index.sh LANTERN-INDEX LANTERN-SEARCH SAMPLE-FOLDER}
search=${2:?usage: compacted_index.sh LANTERN-INDEX LANTERN-SEARCH SAMPLE-FOLDER}
sample=${3:?usage: compacted_index.sh LANTERN-INDEX LANTERN-SEARCH SAMPLE-FOLDER}
work=$(mktemp -d "${TMPDIR:-/tmp}/lantern-compacted.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/agreeing_results.sh
. "$(dirname "$0")/agreeing_results.sh"

"$index" --quiet --no-sync --jobs 2 --db "$work/built" "$sample" >/dev/null
[ -d "$work/built/shard-001" ] || { echo "FAIL: --jobs 2 wrote no second shard"; exit 1; }
xapian-compact -m "$work"/built/shard-* "$work/built/spelling" "$work/compacted" >/dev/null

# answer DB OPTION... -- QUERY: what must agree (agreeing_results.sh).
answer() {
    local db=$1; shift
    "$search" --db "$db" --json --limit 30 "$@" | agreeing
}

queries=(
    "-- working together agreement boyfriend refuses"
    "-- \"written agreement\""
    "-- pams asessment learning disability"
    "-- asessment"
    "-- chld protection confrence"
    "-- the"
    "-- title:court"
    "--role adviser -- child protection conference"
    "--type faq -- section 20"
    "-- contact AND foster -supervised"
)
# compare LABEL: every query, on both indexes.
compare() {
    local label=$1 q failed=0
    for q in "${queries[@]}"; do
        eval "set -- $q"
        if ! diff <(answer "$work/built" "$@") <(answer "$work/compacted" "$@") > "$work/diff"; then
            echo "FAIL ($label): the compacted index answers [$q] otherwise:"
            cat "$work/diff"
            failed=1
        fi
    done
    [ "$failed" = 0 ] || exit 1
    echo "ok: ${#queries[@]} queries answered alike ($label)"
}
compare "as compacted"

# Later runs into each: a thread given as a file is a new thread (its id is
# the file's name), and given again it replaces its own posts.
thread=$(find "$sample" -type f -name '*.txt' | sort | head -1)
for db in built compacted; do
    for run in 1 2; do
        "$index" --no-sync --db "$work/$db" "$thread" 2>&1 |
            grep -o '[0-9]* old documents replaced; index has [0-9]* documents' > "$work/$db.$run" || {
            echo "FAIL: lantern-index could not write into the $db index"; exit 1; }
    done
done
for run in 1 2; do
    cmp -s "$work/built.$run" "$work/compacted.$run" || {
        echo "FAIL: later run $run: as built, $(cat "$work/built.$run"); compacted, $(cat "$work/compacted.$run")"
        exit 1
    }
done
echo "ok: later runs: $(cat "$work/compacted.1"), then $(cat "$work/compacted.2")"
compare "after later runs into both"
