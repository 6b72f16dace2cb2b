#!/usr/bin/env bash
# The main job on a fresh machine: install, build, index the sample archive,
# and run an example search from the command line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LANTERN_BUILD_DIR:-$root/build}
index=${LANTERN_INDEX:-$build/sample-index}

bash "$root/scripts/build.sh"
"$build/indexer/lantern-index" --db "$index" "$root/corpus/sample"
query=${*:-working together agreement boyfriend refuses}
echo
echo "\$ lantern-search --db $index $query"
"$build/searchd/lantern-search" --db "$index" --limit 5 $query
