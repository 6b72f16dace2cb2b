#!/usr/bin/env bash
# Scale-out through Xapian's remote backend: a sharded index's shards served
# by xapian-tcpsrv on loopback, listed as "remote" lines of a stub folder
# with the spelling data beside them, must answer as the index on disk:
# the command line (which weighs as Xapian does) and the daemon (whose
# searchers keep the posts' lengths in memory, a posting source a remote
# shard cannot be sent, so they must fall back to the query as built).
#
#   remote_shards.sh LANTERN-INDEX LANTERN-SEARCH LANTERN-SEARCHD SAMPLE-FOLDER
set -euo pipefail
usage="usage: remote_shards.sh LANTERN-INDEX LANTERN-SEARCH LANTERN-SEARCHD SAMPLE-FOLDER"
index=${1:?$usage}
search=${2:?$usage}
searchd=${3:?$usage}
sample=${4:?$usage}
work=$(mktemp -d "${TMPDIR:-/tmp}/lantern-remote.XXXXXX")
# Every server runs under `timeout`: none outlives the test, even killed.
cleanup() {
    local pid
    if [ -f "$work/pids" ]; then
        while read -r pid; do kill "$pid" 2>/dev/null || true; done < "$work/pids"
    fi
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=tests/agreeing_results.sh
. "$(dirname "$0")/agreeing_results.sh"

"$index" --quiet --no-sync --jobs 2 --db "$work/built" "$sample" >/dev/null
[ -d "$work/built/shard-001" ] || { echo "FAIL: --jobs 2 wrote no second shard"; exit 1; }

# serve SHARD: xapian-tcpsrv for SHARD on a free loopback port, which it
# prints once a connection succeeds.
serve() {
    local shard=$1 port pid try wait
    for try in $(seq 20); do
        port=$((20000 + RANDOM % 40000))
        timeout 300 xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" "$shard" \
            >"$work/tcpsrv.$port" 2>&1 &
        pid=$!
        echo "$pid" >> "$work/pids"
        for wait in $(seq 50); do
            if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
            kill -0 "$pid" 2>/dev/null || break   # the port was taken: another
            sleep 0.1
        done
        kill "$pid" 2>/dev/null || true
    done
    echo "FAIL: xapian-tcpsrv did not start for $shard" >&2
    return 1
}
port0=$(serve "$work/built/shard-000")
port1=$(serve "$work/built/shard-001")
mkdir "$work/remote"
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\nauto %s\n' "$port0" "$port1" \
    "$work/built/spelling" > "$work/remote/XAPIANDB"

# Query words, as typed, and the daemon's extra parameters.
queries=(
    "working together agreement boyfriend refuses|"
    "\"written agreement\"|"
    "pams asessment learning disability|"
    "chld protection confrence|"
    "the|"
    "contact foster -supervised|"
    "child protection conference|role=adviser"
    "section 20|type=faq"
)

failed=0
for entry in "${queries[@]}"; do
    q=${entry%%|*}
    extra=${entry#*|}
    options=()
    case $extra in
        role=*) options=(--role "${extra#role=}") ;;
        type=*) options=(--type "${extra#type=}") ;;
    esac
    if ! diff <("$search" --db "$work/built" --json --limit 30 "${options[@]}" -- "$q" | agreeing) \
              <("$search" --db "$work/remote" --json --limit 30 "${options[@]}" -- "$q" | agreeing) \
              > "$work/diff"; then
        echo "FAIL: lantern-search on remote shards answers [$q $extra] otherwise:"
        cat "$work/diff"
        failed=1
    fi
done
[ "$failed" = 0 ] || exit 1
echo "ok: lantern-search, ${#queries[@]} queries answered alike on remote shards"

# start_daemon NAME DB: lantern-searchd on DB on a free loopback port.
start_daemon() {
    local name=$1 db=$2 wait
    timeout 300 "$searchd" --db "$db" --listen 127.0.0.1:0 --port-file "$work/$name.port" \
        >/dev/null 2>"$work/$name.stderr" &
    echo "$!" >> "$work/pids"
    for wait in $(seq 100); do [ -s "$work/$name.port" ] && return 0; sleep 0.1; done
    echo "FAIL: lantern-searchd did not start on $db:"
    cat "$work/$name.stderr"
    exit 1
}
start_daemon local "$work/built"
start_daemon remote "$work/remote"

urlencode() {
    local s=$1 out="" c i
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
            [A-Za-z0-9._~-]) out+=$c ;;
            *) out+=$(printf '%%%02X' "'$c") ;;
        esac
    done
    printf '%s' "$out"
}

# get NAME PATH: the body of an HTTP/1.0 GET to daemon NAME; fails unless 200.
get() {
    local port response
    port=$(cat "$work/$1.port")
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
    response=$(cat <&3)
    exec 3<&-
    case ${response%%$'\r'*} in
        *" 200 "*) ;;
        *) echo "FAIL: $1 daemon: GET $2: ${response%%$'\r'*}" >&2; return 1 ;;
    esac
    printf '%s\n' "${response#*$'\r\n\r\n'}"
}

for entry in "${queries[@]}"; do
    q=${entry%%|*}
    extra=${entry#*|}
    path="/api/search?limit=30&q=$(urlencode "$q")${extra:+&$extra}"
    local_answer=$(get local "$path" | agreeing)
    remote_answer=$(get remote "$path" | agreeing)
    if [ "$local_answer" != "$remote_answer" ]; then
        echo "FAIL: lantern-searchd on remote shards answers [$q $extra] otherwise:"
        diff <(printf '%s\n' "$local_answer") <(printf '%s\n' "$remote_answer") || true
        failed=1
    fi
    # Agreeing on nothing proves nothing: each query finds something.
    if [ "$(tail -n 1 <<< "$local_answer")" = "0 results" ]; then
        echo "FAIL: the daemon found nothing for [$q $extra]"
        failed=1
    fi
done
[ "$failed" = 0 ] || exit 1
echo "ok: lantern-searchd, ${#queries[@]} queries answered alike on remote shards"
