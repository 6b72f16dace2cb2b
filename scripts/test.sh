#!/usr/bin/env bash
# Every test on a fresh machine: install, build with warnings as errors,
# run the whole CTest suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LANTERN_BUILD_DIR:-$root/build}

bash "$root/scripts/install-deps.sh" --tests
bash "$root/scripts/build.sh" -DLANTERN_WERROR=ON -DBUILD_TESTING=ON
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
