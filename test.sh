#!/usr/bin/env bash
# Runs every test of the project: the README's test command, and what CI runs.
#
#   ./test.sh
#
# 1. release build of the toolchain
# 2. the workspace's tests: unit tests, proptests and the program harness
#    (tests/programs.rs: every tests/programs/*.cp under each tier in CPRIME_TIERS)
#    then the program harness again in a debug build: overflow checks on, and the
#    interpreter's threaded handlers must still chain by tail calls at opt-level 1
#    (tests/programs/chain_long_run.cp would overflow the stack otherwise); the heap is
#    collected at every safepoint after an allocation (CPRIME_GC_STRESS=1) and coroutine
#    heaps after every slice (CPRIME_SWEEP_EACH_SLICE=1), so a register the liveness
#    analysis wrongly calls dead breaks a program at once; every coroutine that waits is
#    packed and unpacked (CPRIME_PACK_AFTER=0), so a state packing loses shows too
# 3. the no_std VM core built for bare-metal RV32 (riscv32imac-unknown-none-elf)
# 4. the conformance suite in ../shared/conformance, when that folder exists
#    (unless CPRIME_SKIP_CONFORMANCE is set: .ci/run runs it as a step of its own)
#
# Needs: a Rust toolchain, curl (tests/servers.rs), and `rustup target add riscv32imac-unknown-none-elf`
# (.ci/run installs the target on fresh machines).
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n==> %s\n' "$*"; }

step "build (release)"
cargo build --release

step "tests (unit, property, programs)"
cargo test --workspace --release

step "program tests in a debug build (overflow checks; tail calls; GC stress)"
CPRIME_GC_STRESS=1 CPRIME_SWEEP_EACH_SLICE=1 CPRIME_PACK_AFTER=0 cargo test --test programs

step "no_std VM core for riscv32imac-unknown-none-elf"
cargo build --release -p cprime-vm -p cprime-bytecode --target riscv32imac-unknown-none-elf

if [ -n "${CPRIME_SKIP_CONFORMANCE:-}" ]; then
  step "conformance suite: left to the caller (CPRIME_SKIP_CONFORMANCE set)"
elif [ -d ../shared/conformance ]; then
  step "conformance suite (../shared/conformance)"
  CPRIME_SKIP=.ci/conformance-skip ../shared/conformance/run.sh "$(bench/cprime-bin)"
else
  step "conformance suite: ../shared/conformance not found, skipped"
fi
