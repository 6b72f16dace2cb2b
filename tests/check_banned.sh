#!/usr/bin/env bash
# Keeps unsafe C string and number functions out of the project's C
# (STYLE.md: no sprintf, strcpy, strcat, strtok, atoi, gets): a bounded
# buffer or a checked parser exists for each of them.
set -u
root=${1:?usage: check_banned.sh SOURCE_ROOT}
pattern='\b(sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|gets)[[:space:]]*\('
hits=$(grep -rnE "$pattern" "$root"/lib "$root"/indexer "$root"/searchd "$root"/xapian-c \
       --include='*.c' --include='*.h' --include='*.cc' || true)
if [ -n "$hits" ]; then
    echo "banned functions used:"
    echo "$hits"
    exit 1
fi
echo "no banned functions"
