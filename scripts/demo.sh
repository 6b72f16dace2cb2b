#!/usr/bin/env bash
# The main job on a fresh machine: install, build, index the sample archive,
# show an example search, then serve the search page on 127.0.0.1 until
# Ctrl-C. LANTERN_PORT picks the port (default 8080).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LANTERN_BUILD_DIR:-$root/build}
index=${LANTERN_INDEX:-$build/sample-index}
port=${LANTERN_PORT:-8080}

bash "$root/scripts/build.sh"
"$build/indexer/lantern-index" --db "$index" "$root/corpus/sample"
query=${*:-working together agreement boyfriend refuses}
echo
echo "\$ lantern-search --db $index --limit 3 $query"
"$build/searchd/lantern-search" --db "$index" --limit 3 $query
echo
echo "Serving the search page on http://127.0.0.1:$port/ (Ctrl-C to stop)"
exec "$build/searchd/lantern-searchd" --db "$index" --listen "127.0.0.1:$port"
