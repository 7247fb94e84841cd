#!/usr/bin/env bash
# Builds the seed corpora in fuzz/corpus/<target>/ from the project's
# examples and fixtures (and, when present, the reference corpus of real
# templates in ../shared/corpus). Run again at any time: it only adds files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
shared="$root/../shared/corpus"
cd "$here"
mkdir -p corpus/misec corpus/import corpus/query corpus/yaml

# a seed's name is its content's hash, so rerunning adds nothing twice
seed() { # TARGET FILE
    [[ -f "$2" && -s "$2" ]] || return 0
    # libFuzzer's -max_len: larger seeds would only be truncated
    [[ $(wc -c <"$2") -le 102400 ]] || return 0
    cp "$2" "corpus/$1/$(sha1sum "$2" | cut -c1-40)"
}

while IFS= read -r -d '' f; do seed misec "$f"; done < <(
    find "$root/examples" "$root/tests/fixtures" -name '*.misec' -print0)
while IFS= read -r -d '' f; do seed import "$f"; done < <(
    find "$root/tests/fixtures" -name '*.json' -print0)
if [[ -d "$shared" ]]; then
    while IFS= read -r -d '' f; do seed import "$f"; done < <(
        find "$shared" -name '*.json' -not -path '*servicetags*' -print0)
fi
while IFS= read -r -d '' f; do seed yaml "$f"; done < <(
    find "$root/profiles" "$root/tests/fixtures" \( -name '*.yaml' -o -name '*.yml' \) -print0)
# a configuration of every key
tmp=$(mktemp)
printf 'profile: mi-2022\nservice-tags: ./tags.json\nseverity:\n  SEC005: off\n  MI204: error\n' >"$tmp"
seed yaml "$tmp"
# the flows of the README, the tests and the sources, and flows into and out
# of each example's subnet (the query target asks them of the examples)
{
    grep -rhoE '(tcp|udp|icmp|any|esp|ah) [^"` ]+( [^"` ]+)? -> [^"`; ]+' \
        "$root/README.md" "$root/tests" "$root/src" | sed 's/\\n$//'
    for s in 10.60.4.10 10.50.0.10 10.70.1.10 10.40.1.10; do
        echo "tcp 10.1.2.3:40000 -> $s:1433"
        echo "any Internet -> $s"
        echo "udp $s:53 -> 168.63.129.16:53"
        echo "tcp $s -> Sql.WestEurope:11000-11999"
        echo "icmp subnet -> [2001:db8::1]"
        echo "* AzureCloud:443 -> subnet:9000-9003"
    done
} | sort -u | while IFS= read -r flow; do
    printf '%s' "$flow" >"$tmp"
    seed query "$tmp"
done
rm -f "$tmp"
regress="$root/tests/fixtures/fuzz"
if [[ -d "$regress" ]]; then
    for t in misec import query yaml; do
        [[ -d "$regress/$t" ]] || continue
        while IFS= read -r -d '' f; do seed "$t" "$f"; done < <(
            find "$regress/$t" -type f -not -name '*.expected' -print0)
    done
fi
for t in misec import query yaml; do
    echo "$t: $(find "corpus/$t" -type f | wc -l) seeds"
done
