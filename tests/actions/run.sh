#!/usr/bin/env bash
# The GitHub Action and the pipeline examples:
# 1. action.yml and examples/ci/github-workflow.yml pass `action-validator`
#    (the @action-validator/cli npm package), and broken copies of each fail
#    it, so the validator is known to be looking;
# 2. the action's shell steps run as a runner would run them
#    (run_action.py): a clean file gives exit-code 0 and an empty SARIF
#    report, a broken one fails the step with its error in the report, or
#    only reports with fail-on-error false, and a bad argument fails with 2;
# 3. examples/ci/azure-pipelines.yml is well-formed YAML in the shape Azure
#    DevOps reads (every step one of script/task/checkout; tasks versioned);
# 4. the excerpts in README.md's "In CI" are the examples' own lines.
#
# Needs `action-validator` and a python3 with PyYAML on PATH
# (.ci/integration-tests installs both, pinned) and MISEC_BINARY, a built
# misec. Exit 0 when every expectation holds, 1 otherwise.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
: "${MISEC_BINARY:?set MISEC_BINARY to a built misec}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() { echo "actions: FAIL: $*"; failures=$((failures + 1)); }

# 1. the validator, both ways
for file in action.yml examples/ci/github-workflow.yml; do
  action-validator "$root/$file" > "$scratch/validator" 2>&1 \
    || { fail "action-validator rejects $file"; cat "$scratch/validator"; }
done
mkdir -p "$scratch/broken"
sed 's/using: composite/using: composit/' "$root/action.yml" > "$scratch/broken/action.yml"
sed 's/runs-on: ubuntu-latest/runs-onn: ubuntu-latest/' "$root/examples/ci/github-workflow.yml" \
  > "$scratch/broken/workflow.yml"
for file in action.yml workflow.yml; do
  if action-validator "$scratch/broken/$file" > /dev/null 2>&1; then
    fail "action-validator accepts a broken $file"
  fi
done

# 2. the action's steps, on a clean and a broken file
work="$scratch/work"
mkdir -p "$work/network"
cp "$root/tests/pre-commit/clean.misec" "$work/network/"
cp "$root/tests/pre-commit/broken.misec" "$work/"

run_action() { # EXPECTED-STATUS NAME=VALUE...
  local expected="$1"; shift
  python3 "$here/run_action.py" "$root" "$work" "$MISEC_BINARY" "$@" > "$scratch/run" 2>&1 \
    && status=0 || status=$?
  outputs="$(sed -n 's/^outputs: //p' "$scratch/run")"
  if [ "$status" != "$expected" ]; then
    fail "the action with $* exited $status, not $expected"
    cat "$scratch/run"
  fi
}

sarif_results() { # FILE -> "count ruleIds"
  python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0", d["version"]
r = d["runs"][0]["results"]
print(len(r), " ".join(sorted(x["ruleId"] for x in r)))' "$1"
}

run_action 0 paths=network/ sarif-file=clean.sarif
[ "$outputs" = '{"exit-code": "0", "sarif-file": "clean.sarif"}' ] || fail "clean: outputs $outputs"
[ "$(sarif_results "$work/clean.sarif")" = "0 " ] || fail "clean: SARIF $(sarif_results "$work/clean.sarif")"

run_action 1 paths="broken.misec network/"
[ "$outputs" = '{"exit-code": "1", "sarif-file": "misec.sarif"}' ] || fail "broken: outputs $outputs"
[ "$(sarif_results "$work/misec.sarif")" = "1 E105" ] || fail "broken: SARIF $(sarif_results "$work/misec.sarif")"
grep -q '^::error title=misec::misec found errors; the report is misec.sarif$' "$scratch/run" \
  || { fail "broken: no error annotation"; cat "$scratch/run"; }

run_action 0 paths=broken.misec fail-on-error=false sarif-file=report.sarif
[ "$outputs" = '{"exit-code": "1", "sarif-file": "report.sarif"}' ] || fail "report only: outputs $outputs"

mkdir -p "$work/sub"
cp "$root/tests/pre-commit/broken.misec" "$work/sub/"
run_action 0 working-directory=sub paths=broken.misec args="--ignore SEC --select MI" fail-on-error=false
[ "$(sarif_results "$work/sub/misec.sarif")" = "1 E105" ] || fail "working-directory: SARIF not in sub/"

run_action 2 args=--frobnicate
[ "$outputs" = '{"exit-code": "2", "sarif-file": "misec.sarif"}' ] || fail "bad argument: outputs $outputs"

# 3. the Azure DevOps example
python3 - "$root/examples/ci/azure-pipelines.yml" > "$scratch/ado" 2>&1 <<'PY' || { fail "azure-pipelines.yml"; cat "$scratch/ado"; }
import re, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
assert set(doc) <= {"trigger", "pr", "pool", "variables", "steps"}, sorted(doc)
assert doc["pool"]["vmImage"], "no vmImage"
scripts = []
for step in doc["steps"]:
    kinds = {"script", "task", "checkout"} & set(step)
    assert len(kinds) == 1, f"a step needs one of script, task, checkout: {step}"
    if "task" in step:
        assert re.fullmatch(r"[A-Za-z]+@\d+", step["task"]), step["task"]
    scripts.append(step.get("script", ""))
text = "\n".join(scripts)
for needed in ("cargo install --locked", "misec check --format sarif", "misec build", "--check -o"):
    assert needed in text, f"no `{needed}` in the steps"
PY

# 4. the README's "In CI" excerpts are the examples' own lines
python3 - "$root" > "$scratch/readme" 2>&1 <<'PY' || { fail "README.md"; cat "$scratch/readme"; }
import re, sys, pathlib
root = pathlib.Path(sys.argv[1])
readme = (root / "README.md").read_text()
section = readme.split("## In CI", 1)[1].split("\n## ", 1)[0]
examples = [(root / "examples/ci" / n).read_text() for n in ("github-workflow.yml", "azure-pipelines.yml")]
blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
assert len(blocks) == 2, f"{len(blocks)} yaml blocks in the section"
for block in blocks:
    assert any(block in e for e in examples), f"not in an example:\n{block}"
PY

if [ "$failures" -gt 0 ]; then
  echo "actions: $failures expectation(s) not met"
  exit 1
fi
echo "actions: action.yml and the pipeline examples behave as documented"
