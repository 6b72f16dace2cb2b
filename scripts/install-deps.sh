#!/usr/bin/env bash
# Installs the Debian packages Lantern needs to build and run; with
# --tests, also what the test suite uses (a real HTTP client library, a
# browser, Node.js for the browser test); with --fuzz, clang and its
# libFuzzer runtime (scripts/fuzz.sh). Assumes Debian 12 and root (or
# sudo). Safe to run more than once.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libxapian-dev xapian-tools libstemmer-dev zlib1g-dev
  libmicrohttpd-dev libjansson-dev libxml2-dev libcmocka-dev libjemalloc-dev
)
tests=0 fuzz=0
for arg in "$@"; do
  case "$arg" in
    --tests) tests=1 ;;
    --fuzz) fuzz=1 ;;
    *) echo "install-deps: unknown option '$arg' (--tests, --fuzz)" >&2; exit 2 ;;
  esac
done
if [ "$fuzz" = 1 ]; then packages+=(clang libclang-rt-dev); fi
if [ "$tests" = 1 ]; then
  # libcurl for the daemon's tests, Chromium for the page's; the peers of
  # the benchmarks (whose tiny run is a test too): SQLite, Lucene, a JDK, wrk.
  packages+=(libcurl4-openssl-dev chromium libsqlite3-dev liblucene8-java
             default-jdk-headless wrk)
  # A Node.js already on the machine (with its own npm) is used as it is;
  # Debian's npm package would fight another vendor's nodejs.
  command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
