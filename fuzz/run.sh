#!/usr/bin/env bash
# Builds misec's fuzz targets with libFuzzer on the stable toolchain and runs
# them, one at a time, each for a fixed time. See README.md.
#
#   fuzz/run.sh [SECONDS] [TARGET...]     default: 600 s each, every target
#   fuzz/run.sh build                     only build
#
# Environment: JOBS (parallel fuzzers per target, default 1), RSS_MB (memory
# limit, default 2048), TIMEOUT (CPU seconds per input, default 1),
# MAX_LEN (bytes, default 102400), NICE (default 19).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

targets_all=(misec import query yaml)
host="$(rustc -vV | sed -n 's/^host: //p')"

# The instrumentation cargo-fuzz asks of rustc, minus the sanitizer (which
# needs nightly; misec has no unsafe code for ASan to watch). `--target` keeps
# these flags off build scripts and proc macros.
build() {
    RUSTFLAGS="-Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
-Cllvm-args=-simplifycfg-branch-fold-threshold=0 \
--cfg fuzzing -Cdebug-assertions -Coverflow-checks -Cforce-frame-pointers=yes" \
    nice -n "${NICE:-19}" cargo build --release --locked --target "$host" --bins
}

if [[ "${1:-}" == build ]]; then
    build
    exit 0
fi

seconds="${1:-600}"
shift || true
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("${targets_all[@]}")

build
[[ -d corpus ]] || ./seeds.sh

mkdir -p artifacts logs
status=0
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    dict=()
    [[ -f "dict/$t.dict" ]] && dict=("-dict=dict/$t.dict")
    log="logs/$t.log"
    echo "== $t: ${seconds}s, log in fuzz/$log"
    # -fork keeps going after a crash or timeout, saving each in artifacts/;
    # without JOBS it is one process at a time
    # hangs: the targets' own watchdog aborts an input after TIMEOUT seconds
    # of CPU (src/lib.rs says why not libFuzzer's -timeout, kept here only
    # as a wall-clock backstop); `timeout` enforces the time box whatever
    # happens to the fuzzer
    if ! MISEC_FUZZ_HANG_SECS="${TIMEOUT:-1}" timeout -k 30 "$((seconds + 300))" \
        nice -n "${NICE:-19}" "target/$host/release/$t" "corpus/$t" \
        "${dict[@]}" \
        -artifact_prefix="artifacts/$t/" \
        -max_total_time="$seconds" \
        -timeout=120 \
        -rss_limit_mb="${RSS_MB:-2048}" \
        -max_len="${MAX_LEN:-102400}" \
        -fork="${JOBS:-1}" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -print_final_stats=1 >"$log" 2>&1; then
        status=1
    fi
    # the last status line: executions, coverage, corpus
    grep -E '^#[0-9]+' "$log" | tail -n 1 || true
    # the yaml target's profile files, one per fuzzing process
    rm -f "${TMPDIR:-/tmp}"/misec-fuzz-profile-*.yaml
    found=$(find "artifacts/$t" -type f | wc -l)
    echo "   findings in fuzz/artifacts/$t: $found"
    [[ "$found" -eq 0 ]] || status=1
done
exit "$status"
