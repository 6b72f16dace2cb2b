# Sourced by the tests that compare two ways of serving one index.
# agreeing: from a search's JSON on standard input, what must agree, as
# lines: the correction, and the results listed sorted (the same set with
# the same scores is the same ranking up to ties), without those at the
# lowest score shown, where a tie at the page's end may let either side
# show another post.
agreeing() {
    local json
    json=$(cat)
    grep -o '"corrected":[^,]*,"showing_corrected":[^,]*' <<< "$json" || true
    grep -o '"score":[0-9.e+-]*,"doc":"[^"]*"' <<< "$json" |
        awk -F'[:,]' '{ line[NR] = $0; score[NR] = $2 + 0; if (NR == 1 || score[NR] < low) low = score[NR] }
                      END { for (i = 1; i <= NR; i++) if (score[i] > low) print line[i]; print NR " results" }' |
        sort
}
