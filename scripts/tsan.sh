#!/usr/bin/env bash
# Runs the tests that drive Lantern's threads (the parallel indexer's shard
# and spelling writers; the daemon's workers under load, SIGHUP and SIGTERM)
# built with ThreadSanitizer, so a data race fails the run even when it
# happens not to crash. CTest runs it as the test "threads".
#
#   bash scripts/tsan.sh [BUILD_DIR]     (default build-tsan/)
#
# Exit status 0 when clean, 1 on a race or a failed test, 77 when
# ThreadSanitizer cannot run on this machine (CTest reports a skip).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-tsan}
case "${1:-}" in --help|-h) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

# Some kernels lay out memory in a way ThreadSanitizer refuses: try first.
probe=$(mktemp -d "${TMPDIR:-/tmp}/lantern-tsan.XXXXXX")
trap 'rm -rf "$probe"' EXIT
printf '#include <pthread.h>\nstatic void *f(void *a) { return a; }\nint main(void) { pthread_t t; pthread_create(&t, 0, f, 0); return pthread_join(t, 0); }\n' > "$probe/p.c"
if ! cc -fsanitize=thread "$probe/p.c" -o "$probe/p" -lpthread 2>"$probe/err" || ! "$probe/p" 2>>"$probe/err"; then
    echo "tsan: skipped, ThreadSanitizer does not run here: $(head -c 300 "$probe/err")"
    exit 77
fi

cmake -S "$root" -B "$build" -DBUILD_TESTING=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS=-fsanitize=thread -DCMAKE_CXX_FLAGS=-fsanitize=thread >/dev/null
cmake --build "$build" -j "$(nproc)" --target test_parallel test_searchd lantern-searchd \
    lantern-index lantern-search >/dev/null
# halt_on_error: the first race ends the process that has it (the daemon
# too, which its test then sees as failed requests).
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
status=0
for t in test_parallel test_searchd; do
    echo "tsan: $t"
    (cd "$build/tests" && "./$t") || { echo "tsan: $t failed (a race is reported above)"; status=1; }
done
exit $status
