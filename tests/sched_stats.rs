//! Where the coroutine scheduler runs time slices, seen through `CPRIME_SCHED_STATS=1`
//! (one `sched: ...` line on stderr when the program ends).
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_cprime");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs tests/programs/`name` with statistics on: (stdout, the statistics' numbers in
/// order: slices, on other workers, started, swept while busy, swept while idle, waits
/// packed).
fn run_with_stats(name: &str) -> (String, Vec<u64>) {
    run_packing_after(name, None)
}

/// `run_with_stats` with `CPRIME_PACK_AFTER` set (`None`: the default threshold, whatever
/// the suite's environment says).
fn run_packing_after(name: &str, pack_after: Option<&str>) -> (String, Vec<u64>) {
    let mut cmd = Command::new(BIN);
    cmd.args(["run", &format!("{ROOT}/tests/programs/{name}")]).env("CPRIME_SCHED_STATS", "1");
    match pack_after {
        Some(n) => cmd.env("CPRIME_PACK_AFTER", n),
        None => cmd.env_remove("CPRIME_PACK_AFTER"),
    };
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let line = stderr.lines().find(|l| l.starts_with("sched: ")).unwrap_or_else(|| panic!("no statistics in {stderr:?}"));
    let numbers = line.split(|c: char| !c.is_ascii_digit()).filter(|w| !w.is_empty()).map(|w| w.parse().unwrap()).collect();
    (String::from_utf8(out.stdout).unwrap(), numbers)
}

#[test]
fn a_coroutine_woken_when_nothing_else_is_ready_runs_on_the_schedulers_thread() {
    let (stdout, n) = run_with_stats("co_workers_pingpong.cp");
    assert_eq!(stdout, "10000\n");
    // 10,000 turns each way, and the entry's first and last slices
    assert!(n[0] >= 20_000, "slices: {n:?}");
    assert_eq!(n[1], 0, "a slice went to the other worker: {n:?}");
    assert_eq!(n[2], 1, "one coroutine spawned: {n:?}");
}

#[test]
fn coroutines_done_within_their_first_slice_stay_on_the_schedulers_thread() {
    let (stdout, n) = run_with_stats("co_workers_short.cp");
    assert_eq!(stdout, "2997\n");
    assert_eq!(n[2], 1000, "started: {n:?}");
    assert_eq!(n[1], 0, "a short coroutine was handed to the other worker: {n:?}");
}

#[test]
fn coroutines_ready_together_are_shared_with_the_other_workers() {
    // four CPU-bound coroutines on four workers
    let (_, n) = run_with_stats("co_workers.cp");
    assert!(n[1] > 0, "every slice ran on the scheduler's thread: {n:?}");
}

#[test]
fn waiting_coroutines_are_packed_only_when_very_many_are_alive() {
    // 5,000 wait at once: past the 4,096 alive, those that park are packed
    let (stdout, n) = run_with_stats("co_many_parked.cp");
    assert_eq!(stdout, "5000 woke, sum 12497500\n");
    assert!(n[5] > 0, "nothing packed: {n:?}");
    // two coroutines: none is packed, however often they wait
    let (_, n) = run_with_stats("co_workers_pingpong.cp");
    assert_eq!(n[5], 0, "packed: {n:?}");
}

#[test]
fn a_pair_that_keeps_waking_each_other_is_not_packed_among_many_parked() {
    let (stdout, n) = run_with_stats("co_pingpong_among_parked.cp");
    assert_eq!(stdout, "100000 5000\n");
    assert!(n[0] > 200_000, "slices: {n:?}");
    // the 5,000 parked ones but the last 1,024 (each once), not the pair's 200,000 waits
    assert!(n[5] >= 3_000 && n[5] < 6_000, "packed: {n:?}");
}

#[test]
fn workers_taking_jobs_in_turn_are_not_packed_among_many_parked() {
    // 900 workers, each waiting while the others run: the window holds distinct
    // coroutines, not parks (a worker parks twice a job)
    let (stdout, n) = run_with_stats("co_worker_pool_among_parked.cp");
    assert_eq!(stdout, "2499950000 4000\n");
    assert!(n[5] >= 3_000 && n[5] < 6_000, "packed: {n:?}");
}

#[test]
fn a_big_heap_is_not_collected_and_packed_at_every_wait() {
    // every wait packed (no window): the 5,000 parked ones are, the coroutine holding
    // 20,000 strings is not, at any of its 2,000 waits
    let (stdout, n) = run_packing_after("co_big_heap_among_parked.cp", Some("0"));
    assert_eq!(stdout, "20889 5000\n");
    assert!(n[5] >= 5_000 && n[5] < 5_500, "packed: {n:?}");
}

#[test]
fn a_coroutine_that_made_much_garbage_is_collected_then_packed() {
    // 300 strings each, then a wait: more slots than a packed heap may have, until the
    // collection before packing
    let (stdout, n) = run_with_stats("co_garbage_then_park.cp");
    assert_eq!(stdout, "20000 round trips, 51617000 characters\n");
    assert!(n[5] >= 4_000, "packed: {n:?}");
}

#[test]
fn without_the_variable_nothing_is_printed() {
    let out = Command::new(BIN).args(["run", &format!("{ROOT}/tests/programs/co_workers_pingpong.cp")]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn coroutines_with_limits_of_their_own_are_packed_and_keep_them() {
    // two thirds set their own heap limit (two values), then the entry changes its own;
    // a packed coroutine's limits are an index into the run's table of them (they were
    // packed only while equal to the entry's, and all were unpacked when those changed)
    let (stdout, n) = run_with_stats("co_packed_own_limits.cp");
    assert_eq!(stdout, "4000 kept 100 KB, 2000 ran out of memory\n");
    assert!(n[5] >= 6_000, "waits packed: {n:?}");
}

#[test]
fn the_table_of_packed_coroutines_limits_reuses_entries_no_one_has() {
    // 70 different limits fill the table (64 entries); once those coroutines have
    // finished, the next 6,000 (the entry's limits) are packed too (9,976 in all when a
    // full table stopped packing for the rest of the run)
    let (stdout, n) = run_with_stats("co_packed_limits_reused.cp");
    assert_eq!(stdout, "6000\n6000\n");
    assert!(n[5] >= 15_000, "waits packed: {n:?}");
}

#[test]
fn a_test_entry_runs_on_the_workers_it_asks_for() {
    // `cprime test` of a `#[test]` entry on `coroutine(.thread_pool = 2)`: four CPU-bound
    // coroutines, so the second worker runs some of their slices
    let out = Command::new(BIN)
        .args(["test", &format!("{ROOT}/tests/programs/test_workers.cp")])
        .env("CPRIME_SCHED_STATS", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && stdout.contains("test sums_on_two_workers ... ok") && stdout.contains("test sockets_on_two_workers ... ok"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let line = stderr.lines().find(|l| l.starts_with("sched: ")).unwrap_or_else(|| panic!("no statistics in {stderr:?}"));
    let n: Vec<u64> = line.split(|c: char| !c.is_ascii_digit()).filter(|w| !w.is_empty()).map(|w| w.parse().unwrap()).collect();
    assert!(n[1] > 0, "every slice ran on the test's own thread: {n:?}");
}

#[test]
fn a_job_wakes_one_of_the_workers_selecting_on_its_channel() {
    // 1,000 workers in a `select` on one channel, 20,000 jobs: about a slice per job
    // for the worker and one for the sender (each job used to wake every waiting
    // `select`: 1,251,253 slices)
    let (stdout, n) = run_with_stats("co_select_workers_one_wake.cp");
    assert_eq!(stdout, "1000 workers took jobs worth 19992\n");
    assert!(n[0] < 60_000, "slices: {n:?}");
}

#[test]
fn a_heap_holding_maps_is_compacted_and_packed() {
    // 5,000 waiting coroutines each keep two maps made after 300 temporaries: the
    // compaction renames the maps' values, and a heap a sweep left long is collected
    // again at its next wait, so both waits of (nearly) every one are packed
    let (stdout, n) = run_with_stats("co_packed_map.cp");
    assert_eq!(stdout, "104503000\n");
    assert!(n[5] >= 6_000, "waits packed: {n:?}");
}

#[test]
fn survivors_high_among_free_slots_are_moved_down_and_packed() {
    // each of 5,000 waiting coroutines keeps a string and a record made after 300
    // temporaries: without compacting its heap, none fits a packed state
    let (stdout, n) = run_with_stats("co_packed_late_survivor.cp");
    assert_eq!(stdout, "26122000\n");
    assert!(n[5] >= 4_000, "waits packed: {n:?}");
}

#[test]
fn the_idle_sweep_compacts_a_heap_mostly_free() {
    // the entry waits with 10,000 of its 13,000 slots garbage: compacted once, and
    // every kept string, vector and channel end still where the program left it
    let (stdout, n) = run_with_stats("co_idle_compacts.cp");
    assert_eq!(stdout, "3000 kept strings intact of 3000, 48890 bytes dropped, got 7, joined 1\n");
    assert!(n[6] >= 1, "heaps compacted: {n:?}");
}
