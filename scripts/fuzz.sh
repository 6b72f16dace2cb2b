#!/usr/bin/env bash
# Searches for inputs that break Lantern's parsers: builds tests/fuzz's
# targets with clang, libFuzzer, AddressSanitizer and UBSan into build-fuzz/
# (or $LANTERN_FUZZ_BUILD_DIR) and runs each for SECONDS (default 60).
#
#   bash scripts/fuzz.sh                     every target, 60 s each
#   bash scripts/fuzz.sh 600 fuzz_query      one target, ten minutes
#
# Each target starts from its saved inputs (tests/fuzz/seeds/TARGET) and
# grows a working corpus in build-fuzz/corpus/TARGET. An input that breaks
# a target is saved as build-fuzz/crash-* and the script exits 1: add it
# to the target's seeds once fixed, so every test run replays it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LANTERN_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=60
case "${1:-}" in --help|-h) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
if [ $# -gt 0 ]; then
    [[ $1 =~ ^[0-9]+$ ]] || { echo "scripts/fuzz.sh: SECONDS must be a number, not '$1' (see --help)" >&2; exit 2; }
    seconds=$1; shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_ingest fuzz_query fuzz_snippet fuzz_files fuzz_render fuzz_record fuzz_search)

bash "$root/scripts/install-deps.sh" --tests --fuzz >&2
cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DLANTERN_FUZZ=ON -DBUILD_TESTING=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"

status=0
for target in "${targets[@]}"; do
    corpus=$build/corpus/$target
    mkdir -p "$corpus"
    echo "== $target, $seconds s" >&2
    # Memory of a single input is bounded by the readers' own limits
    # (64 MB a document), so 2 GB is a leak or a bug, not a big input.
    if ! (cd "$build" && UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
          "$build/tests/fuzz/$target" -max_total_time="$seconds" -rss_limit_mb=2048 \
          -print_final_stats=1 "$corpus" "$root/tests/fuzz/seeds/$target"); then
        echo "scripts/fuzz.sh: $target broke; the input is in $build/crash-*" >&2
        status=1
    fi
done
exit $status
