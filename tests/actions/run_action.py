"""Runs the shell steps of the composite action in action.yml the way a
runner would, without GitHub: each `run:` step in bash with the step's `env`
and `working-directory`, `${{ inputs.* }}` and `${{ steps.*.outputs.* }}`
substituted, and GITHUB_OUTPUT / GITHUB_PATH / GITHUB_ACTION_PATH provided.

`uses:` steps (the cache) are not run: the cache is taken to hit, with
misec's `bin/` restored from MISEC_BINARY, so the install step is skipped as
on a warm runner (the `cargo install` line is the one pre-commit's hook
build exercises). Step `if:` conditions are evaluated for the two forms the
action uses.

usage: run_action.py ACTION_DIR WORKDIR MISEC_BINARY [NAME=VALUE...]
Prints `outputs: {...}` (the action's outputs) and exits with the failing
step's exit code, or 0.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def evaluate(expr, inputs, steps):
    """The expressions the action uses: `inputs.NAME`,
    `steps.ID.outputs.NAME`, and `X != 'literal'`."""
    m = re.fullmatch(r"(.+?)\s*!=\s*'([^']*)'", expr)
    if m:
        return evaluate(m.group(1), inputs, steps) != m.group(2)
    parts = expr.split(".")
    if parts[0] == "inputs" and len(parts) == 2:
        return inputs[parts[1]]
    if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
        return steps.get(parts[1], {}).get(parts[3], "")
    raise SystemExit(f"run_action.py: unsupported expression `{expr}`")


def substitute(text, inputs, steps):
    return EXPR.sub(lambda m: str(evaluate(m.group(1), inputs, steps)), str(text))


def read_outputs(path):
    out = {}
    with open(path) as f:
        for line in f:
            if "=" in line:
                name, value = line.rstrip("\n").split("=", 1)
                out[name] = value
    return out


def main():
    action_dir, workdir, binary, *pairs = sys.argv[1:]
    with open(os.path.join(action_dir, "action.yml")) as f:
        action = yaml.safe_load(f)
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    for pair in pairs:
        name, value = pair.split("=", 1)
        if name not in inputs:
            raise SystemExit(f"run_action.py: the action has no input `{name}`")
        inputs[name] = value

    scratch = tempfile.mkdtemp()
    path_file = os.path.join(scratch, "path")
    open(path_file, "w").close()
    base_env = dict(
        os.environ,
        GITHUB_ACTION_PATH=os.path.abspath(action_dir),
        GITHUB_PATH=path_file,
        RUNNER_TOOL_CACHE=os.path.join(scratch, "tool-cache"),
        RUNNER_TEMP=os.path.join(scratch, "temp"),
        RUNNER_OS="Linux",
        RUNNER_ARCH="X64",
    )
    steps = {}
    status = 0
    for step in action["runs"]["steps"]:
        sid = step.get("id", "")
        if "uses" in step:
            if step["uses"].startswith("actions/cache@"):
                # a warm cache: restore bin/misec where the action expects it
                root = substitute(step["with"]["path"], inputs, steps)
                os.makedirs(os.path.join(root, "bin"), exist_ok=True)
                shutil.copy(binary, os.path.join(root, "bin", "misec"))
                steps[sid] = {"cache-hit": "true"}
                continue
            raise SystemExit(f"run_action.py: unexpected action `{step['uses']}`")
        condition = step.get("if")
        if condition is not None and not evaluate(condition, inputs, steps):
            continue
        env = dict(base_env)
        # what earlier steps appended to GITHUB_PATH comes first
        with open(path_file) as f:
            extra = [line.strip() for line in f if line.strip()]
        env["PATH"] = os.pathsep.join(extra[::-1] + [env["PATH"]])
        for name, value in (step.get("env") or {}).items():
            env[name] = substitute(value, inputs, steps)
        output_file = os.path.join(scratch, f"output-{len(steps)}")
        open(output_file, "w").close()
        env["GITHUB_OUTPUT"] = output_file
        cwd = os.path.join(workdir, substitute(step.get("working-directory", "."), inputs, steps))
        script = substitute(step["run"], inputs, steps)
        # the runner's `shell: bash` is `bash --noprofile --norc -eo pipefail {0}`
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd, env=env)
        steps[sid or f"step-{len(steps)}"] = read_outputs(output_file)
        if done.returncode != 0:
            status = done.returncode
            print(f"step `{step.get('name', sid)}` failed with exit {status}")
            break
    outputs = {name: substitute(spec["value"], inputs, steps) for name, spec in action["outputs"].items()}
    print("outputs: " + json.dumps(outputs, sort_keys=True))
    shutil.rmtree(scratch, ignore_errors=True)
    sys.exit(status)


if __name__ == "__main__":
    main()
