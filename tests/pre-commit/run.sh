#!/usr/bin/env bash
# The pre-commit hooks under the real pre-commit framework.
#
# The current working tree (tracked and untracked files, not ignored ones) is
# committed into a scratch repository, so that pre-commit builds exactly the
# code under test; `pre-commit try-repo` then runs each hook in a second
# scratch repository, a user's, on the files beside this script. What the
# user sees is compared with the expected files beside them (*.out):
#   clean.misec        misec-check passes
#   broken.misec       misec-check fails and shows the diagnostic
#   unformatted.misec  misec-fmt rewrites it to unformatted.expected.misec
#                      and fails, as pre-commit does for a hook that changes files
# once through `pre-commit try-repo`, then through `pre-commit run` with the
# .pre-commit-config.yaml that README.md shows (pre-commit builds misec once
# for each: try-repo always works in a fresh store).
#
# Needs `pre-commit` on PATH (.ci/integration-tests installs a pinned one),
# git and cargo. CARGO_TARGET_DIR, when set, lets repeated runs reuse the
# build. Exit 0 when every expectation holds, 1 otherwise.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$scratch/cache}"
export GIT_AUTHOR_NAME=misec GIT_AUTHOR_EMAIL=misec@localhost
export GIT_COMMITTER_NAME=misec GIT_COMMITTER_EMAIL=misec@localhost
failures=0
fail() { echo "pre-commit: FAIL: $*"; failures=$((failures + 1)); }

# the code under test, as one commit
snapshot="$scratch/misec"
mkdir -p "$snapshot"
(cd "$root" && git ls-files -z --cached --others --exclude-standard \
  | xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' \
  | tar --null -T - -cf -) | tar -xf - -C "$snapshot"
git -C "$snapshot" init -q
git -C "$snapshot" add -A
git -C "$snapshot" commit -q -m "snapshot of the working tree"

# a user's repository
user="$scratch/user"
mkdir -p "$user"
git -C "$user" init -q
cp "$here/clean.misec" "$here/broken.misec" "$here/unformatted.misec" "$user/"
git -C "$user" add -A

# the hooks' own reports, from the first status line on (pre-commit's header
# names scratch paths and the commit)
report_of() { sed -n '/^misec \(check\|fmt\)\.\.\./,$p' "$scratch/out"; }

expect() { # WHAT EXPECTED-STATUS EXPECTED-REPORT-FILE (MISEC_BLESS=1 rewrites it)
  if [ "${MISEC_BLESS:-}" = 1 ] && [ "$status" = "$2" ]; then
    report_of > "$3"
  elif [ "$status" != "$2" ]; then
    fail "$1: exit $status, not $2"
    cat "$scratch/out"
  elif [ "$(report_of)" != "$(cat "$3")" ]; then
    fail "$1: the report differs from $(basename "$3")"
    diff <(report_of) "$3" || true
  fi
}

# 1. `pre-commit try-repo` with both hooks over the three files: check fails
#    on broken.misec and shows its diagnostic, fmt rewrites unformatted.misec
(cd "$user" && pre-commit try-repo --color never "$snapshot" \
  --files clean.misec broken.misec unformatted.misec) > "$scratch/out" 2>&1 && status=0 || status=$?
expect "try-repo" 1 "$here/try-repo.out"
cmp -s "$user/unformatted.misec" "$here/unformatted.expected.misec" \
  || fail "misec-fmt did not rewrite unformatted.misec to unformatted.expected.misec"
cmp -s "$user/clean.misec" "$here/clean.misec" || fail "misec-fmt changed clean.misec"

# 2. the .pre-commit-config.yaml the README shows, pointed at the snapshot
awk '/^## In pre-commit$/ { on = 1 } on && /^```$/ { exit } on && copy { print } on && /^```yaml$/ { copy = 1 }' "$root/README.md" \
  | sed "s|repo: .*|repo: $snapshot|; s|rev: .*|rev: $(git -C "$snapshot" rev-parse HEAD)|" \
  > "$user/.pre-commit-config.yaml"
grep -q "id: misec-check" "$user/.pre-commit-config.yaml" \
  || fail "no .pre-commit-config.yaml found in README.md"
git -C "$user" add -A
run() { (cd "$user" && pre-commit run --color never --files "$@") > "$scratch/out" 2>&1 && status=0 || status=$?; }
run clean.misec
expect "pre-commit run on clean.misec" 0 "$here/clean.out"
run broken.misec
expect "pre-commit run on broken.misec" 1 "$here/broken.out"
cp "$here/unformatted.misec" "$user/unformatted.misec"
run unformatted.misec
expect "pre-commit run on unformatted.misec" 1 "$here/unformatted.out"
cmp -s "$user/unformatted.misec" "$here/unformatted.expected.misec" \
  || fail "misec-fmt did not rewrite unformatted.misec (README configuration)"
run unformatted.misec
[ "$status" = 0 ] || { fail "a second run on the rewritten file exited $status"; cat "$scratch/out"; }

if [ "$failures" -gt 0 ]; then
  echo "pre-commit: $failures expectation(s) not met"
  exit 1
fi
echo "pre-commit: misec-check and misec-fmt behave as documented"
