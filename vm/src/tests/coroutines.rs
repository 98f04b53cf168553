//! Coroutines under `Vm::run_coroutines`: channels, spawn and join, isolation,
//! preemption, failures and deadlock.
use super::*;
use crate::co::CoOptions;
use crate::{Outcome, Vm};

/// `worker(tx, cell w)`: sends `w * 100 + i` for `i` in `0..100`.
fn add_worker(b: &mut ModB) {
    let f = b.func(
        "worker",
        "r",
        "",
        "rriiirii",
        "
        CapGet r1 0
        CapGet r2 1
        CellGet r3 r2
        MulIK r3 r3 100
        LdI r4 0
      loop:
        AddI r5 r3 r4
        Mov r6 r1
        Mov r7 r5
        CallNat r8 ChanSend r6 2
        AddIK r4 r4 1
        JltIK r4 100 @loop
        Ret0",
    );
    b.captures(f, "rr");
}

/// The conformance case `coroutine_channels` in bytecode: four workers send 100
/// numbers each on one channel of capacity `cap`; the entry adds up 400 of them.
fn channels(cap: i64) -> Module {
    let mut b = ModB::new();
    add_worker(&mut b);
    b.func(
        "main",
        "",
        "i",
        "riirrirrririirri",
        &alloc::format!(
            "
        LdI r1 {cap}
        LdI r2 0
        CallNat r0 ChanNew r1 2
        Mov r3 r0
        CallNat r4 ChanRx r3 1
        LdI r5 0
      spawn:
        NewCell r7 int r5
        Mov r6 r0
        MkClo r8 worker r6 2
        LdI r9 0
        CallNat r10 CoSpawn r8 2
        AddIK r5 r5 1
        JltIK r5 4 @spawn
        LdI r11 0
        LdI r12 0
      recv:
        Mov r13 r4
        CallNat r14 ChanRecv r13 1
        GetF r15 r14 0
        AddI r11 r11 r15
        AddIK r12 r12 1
        JltIK r12 400 @recv
        Ret r11"
        ),
    );
    b.build()
}

fn run_co(m: Module, reductions: u64) -> (Outcome, TestHost) {
    let main = func_index(&m, "main");
    let mut vm = Vm::new(m).unwrap_or_else(|e| panic!("verify: {e}"));
    let mut host = TestHost::default();
    let o = vm.run_coroutines(main, None, &mut host, CoOptions { reductions, ..CoOptions::default() });
    (o, host)
}

#[test]
fn workers_and_a_channel_add_up() {
    for (cap, reductions) in [(16, 2000), (1, 2000), (16, 3), (1, 1)] {
        let (o, h) = run_co(channels(cap), reductions);
        assert_eq!(o, Outcome::Returned(Some(79800)), "cap {cap}, slices of {reductions}: {}", h.err);
    }
}

#[test]
fn recv_sees_none_once_every_sender_is_gone() {
    // the entry drops its sender; the worker's copy goes when the worker ends; the
    // entry counts what arrives until `None`
    let mut b = ModB::new();
    add_worker(&mut b);
    b.func(
        "main",
        "",
        "i",
        "riirrirrririrriii",
        "
        LdI r1 4
        LdI r2 0
        CallNat r0 ChanNew r1 2
        Mov r3 r0
        CallNat r4 ChanRx r3 1
        LdI r5 2
        NewCell r7 int r5
        Mov r6 r0
        MkClo r8 worker r6 2
        LdI r9 0
        CallNat r10 CoSpawn r8 2
        Mov r3 r0
        CallNat r11 ChanDrop r3 1
        LdI r11 0
      recv:
        Mov r12 r4
        CallNat r13 ChanRecv r12 1
        Tag r14 r13
        JeqIK r14 0 @done
        AddIK r11 r11 1
        Jmp @recv
      done:
        Ret r11",
    );
    let (o, h) = run_co(b.build(), 7);
    assert_eq!(o, Outcome::Returned(Some(100)), "{}", h.err);
}

/// Makes a channel and waits to receive on it with nobody else running; `then` follows
/// the receive (r0 and r3 hold the (sender, receiver) pair, r5 the answer).
fn receive_alone(then: &str) -> Module {
    let mut b = ModB::new();
    let body = format!(
        "
        LdI r1 1
        LdI r2 0
        CallNat r0 ChanNew r1 2
        Mov r3 r0
        CallNat r4 ChanRx r3 1
        CallNat r5 ChanRecv r4 1
        {then}"
    );
    b.func("main", "", "i", "riirrr", &body);
    b.build()
}

#[test]
fn waiting_forever_is_a_reported_deadlock() {
    // the pair (with the sender) is read after the wait: alive, so nothing can wake it
    match run_co(receive_alone("Mov r0 r3\n        LdI r1 0\n        Ret r1"), 100).0 {
        Outcome::Panic(msg) => assert!(msg.contains("deadlock"), "{msg}"),
        o => panic!("{o:?}"),
    }
}

#[test]
fn a_sender_only_a_dead_register_holds_is_swept_when_everyone_waits() {
    // the pair is never read again: the idle sweep clears r0 and r3, the sender is
    // collected, and the receive answers None (tag 0) instead of deadlocking
    let (o, h) = run_co(receive_alone("Tag r1 r5\n        Ret r1"), 100);
    assert_eq!(o, Outcome::Returned(Some(cprime_bytecode::builtins::NONE as u64)), "{}", h.err);
}

/// `square(cell n)` returns `n * n`; `hog()` never returns; `boom()` divides by zero.
fn tasks() -> ModB {
    let mut b = ModB::new();
    let square = b.func("square", "r", "i", "ri", "CapGet r1 0\n CellGet r2 r1\n MulI r2 r2 r2\n Ret r2");
    b.captures(square, "r");
    b.func("hog", "r", "", "i", "LdI r1 0\n loop:\n AddIK r1 r1 1\n Jmp @loop");
    b.func("boom", "r", "i", "ii", "LdI r1 1\n LdI r2 0\n DivI r1 r1 r2\n Ret r1");
    b
}

#[test]
fn join_returns_what_the_coroutine_returned() {
    let mut b = tasks();
    b.func(
        "main",
        "",
        "i",
        "irrirr",
        "
        LdI r0 12
        NewCell r1 int r0
        MkClo r2 square r1 1
        LdI r3 0
        CallNat r4 CoSpawn r2 2
        Mov r5 r4
        CallNat r0 CoJoin r5 1
        Ret r0",
    );
    assert_eq!(run_co(b.build(), 50).0, Outcome::Returned(Some(144)));
}

#[test]
fn a_coroutine_nobody_can_join_is_recycled_when_it_ends() {
    // `CoGo` makes no handle (its result is null): once the first coroutine has ended
    // (the entry waits for it), its task is free, so the failing second one is number 1
    // again (with `CoSpawn`, the handle in r4 would keep number 1 taken: it would be 2)
    let mut b = tasks();
    b.func(
        "main",
        "",
        "i",
        "irrirri",
        "
        LdI r0 12
        NewCell r1 int r0
        MkClo r2 square r1 1
        LdI r3 0
        CallNat r4 CoGo r2 2
        CallNat r3 CoWaitAll r3 0
        MkClo r5 boom r5 0
        LdI r3 0
        CallNat r4 CoGo r5 2
        CallNat r3 CoWaitAll r3 0
        LdI r6 0
        CallNat r6 CoCount r6 1
        Ret r6",
    );
    let (o, h) = run_co(b.build(), 100);
    assert_eq!(o, Outcome::Returned(Some(1)), "{}", h.err);
    assert!(h.err.contains("coroutine 1 ended: unhandled signal DIVIDE_BY_ZERO"), "{}", h.err);
}

#[test]
fn a_hog_does_not_stop_the_others() {
    // a coroutine that loops forever beside one the entry joins: preemption lets the
    // joined one finish, and the program ends with the entry
    let mut b = tasks();
    b.func(
        "main",
        "",
        "i",
        "rirrirri",
        "
        MkClo r0 hog r0 0
        LdI r1 0
        CallNat r2 CoSpawn r0 2
        LdI r1 9
        NewCell r3 int r1
        MkClo r3 square r3 1
        LdI r4 0
        CallNat r5 CoSpawn r3 2
        Mov r6 r5
        CallNat r7 CoJoin r6 1
        Ret r7",
    );
    assert_eq!(run_co(b.build(), 100).0, Outcome::Returned(Some(81)));
}

#[test]
fn a_failing_coroutine_ends_alone_and_its_joiner_hears() {
    let mut b = tasks();
    b.func(
        "main",
        "",
        "i",
        "rirr",
        "
        MkClo r0 boom r0 0
        LdI r1 0
        CallNat r2 CoSpawn r0 2
        CallNat r1 CoJoin r2 1
        Ret r1",
    );
    let (o, h) = run_co(b.build(), 100);
    assert!(h.err.contains("coroutine 1 ended: unhandled signal DIVIDE_BY_ZERO"), "{}", h.err);
    match o {
        // the joiner raises a copy of the signal where it joins, and does not catch it
        Outcome::Unhandled(r) => assert!(r.starts_with("unhandled signal DIVIDE_BY_ZERO\n  at main"), "{r}"),
        o => panic!("{o:?}"),
    }
}

#[test]
fn spawned_coroutines_work_on_copies() {
    // the coroutine doubles element 0 of the vector it captured; the entry's vector is
    // untouched, and the joined result is the copy's new value
    let mut b = ModB::new();
    let double = b.func(
        "double",
        "r",
        "i",
        "rrii",
        "
        CapGet r1 0
        CellGet r2 r1
        LdI r3 0
        VecGet r4 r2 r3
        AddI r4 r4 r4
        VecSet r2 r3 r4
        Ret r4",
    );
    b.captures(double, "r");
    b.func(
        "main",
        "",
        "i",
        "irrrirrii",
        "
        LdI r0 21
        NewVec r1 int r0 1
        NewCell r2 ref r1
        MkClo r3 double r2 1
        LdI r4 0
        CallNat r5 CoSpawn r3 2
        CallNat r7 CoJoin r5 1
        LdI r8 0
        VecGet r8 r1 r8
        MulIK r7 r7 1000
        AddI r7 r7 r8
        Ret r7",
    );
    assert_eq!(run_co(b.build(), 100).0, Outcome::Returned(Some(42_021)));
}

#[test]
fn max_coroutines_is_enforced() {
    let mut b = tasks();
    b.func(
        "main",
        "",
        "",
        "rir",
        "
        MkClo r0 hog r0 0
        LdI r1 0
      again:
        CallNat r2 CoSpawn r0 2
        Jmp @again",
    );
    let m = b.build();
    let main = func_index(&m, "main");
    let mut vm = Vm::new(m).unwrap();
    let mut host = TestHost::default();
    let o = vm.run_coroutines(main, None, &mut host, CoOptions { reductions: 1000, max_coroutines: 10, ..CoOptions::default() });
    match o {
        Outcome::Panic(msg) => assert!(msg.contains("10 coroutines are alive"), "{msg}"),
        o => panic!("{o:?}"),
    }
}

#[test]
fn coroutine_natives_outside_the_scheduler_are_refused() {
    let (o, _) = run(channels(4));
    assert!(matches!(o, Outcome::Panic(ref m) if m.contains("a channel needs the coroutine runtime")), "{o:?}");
}

#[test]
fn max_slices_bounds_a_whole_run() {
    // capacity 1: every send waits for the receiver, so the run takes hundreds of slices
    let m = channels(1);
    let main = func_index(&m, "main");
    let mut vm = Vm::new(m).unwrap_or_else(|e| panic!("verify: {e}"));
    let o = vm.run_coroutines(main, None, &mut TestHost::default(), CoOptions { max_slices: 50, ..CoOptions::default() });
    assert_eq!(o, Outcome::OutOfFuel);
    let (o, _) = run_co(channels(1), 2000);
    assert_eq!(o, Outcome::Returned(Some((0..4).flat_map(|w| (0..100).map(move |i| w * 100 + i)).sum::<u64>())));
}

#[test]
fn a_long_sleep_is_one_wait_not_a_loop_of_short_ones() {
    // fuzzing (`check_bytes`) found the scheduler waiting at most 10 ms at a time through
    // a sleep: under a host whose clock moves only when it sleeps, 11 days took 10^8
    // turns of the loop
    let mut b = ModB::new();
    b.func(
        "main",
        "",
        "i",
        "iii",
        "
        LdI r0 1000000000000000
        CallNat r1 SleepNs r0 1
        LdI r2 7
        Ret r2",
    );
    let m = b.build();
    let main = func_index(&m, "main");
    let mut vm = Vm::new(m).unwrap_or_else(|e| panic!("verify: {e}"));
    let mut host = crate::NullHost::default();
    let o = vm.run_coroutines(main, None, &mut host, CoOptions::default());
    assert_eq!(o, Outcome::Returned(Some(7)));
    assert!(host.clock >= 1_000_000_000_000_000, "slept it all: {}", host.clock);
    // the first wait ends after `SWEEP_AFTER_NS` for the sweep of the waiting heaps
    assert_eq!(host.sleeps, 2, "in one wait after the sweep");
}

#[test]
fn a_coroutine_gets_its_constant_table_at_its_first_constant() {
    // `speak` prints a constant twice (the second use finds it interned); the entry
    // spawns and joins it
    let mut b = ModB::new();
    b.func("speak", "r", "", "rrii", "LdK r1 \"hi \"\n CallNat r2 Print r1 1\n LdK r1 \"hi \"\n CallNat r3 Print r1 1\n Ret0");
    b.func("main", "", "i", "rirr", "MkClo r0 speak r0 0\n LdI r1 0\n CallNat r2 CoSpawn r0 2\n Mov r3 r2\n CallNat r1 CoJoin r3 1\n Ret r1");
    let m = b.build();
    let fresh = crate::State::new(&m, false).unwrap();
    assert!(fresh.consts.is_empty() && fresh.consts.capacity() == 0, "a parked coroutine would carry the table");
    let entry = crate::State::new(&m, true).unwrap();
    assert_eq!(entry.consts.len(), 1, "the entry's constants are interned at load");
    let (o, h) = run_co(m, 2000);
    assert_eq!(o, Outcome::Returned(Some(0)), "{}", h.err);
    assert_eq!(h.out, "hi hi ");
}

/// Runs `main` of `b` with every coroutine's heap bounded to 4 KiB but the entry's
/// (so the entry can build what a coroutine cannot take).
fn run_with_small_heaps(b: ModB) -> (Outcome, TestHost) {
    let m = b.build();
    let main = func_index(&m, "main");
    let mut vm = Vm::new(m).unwrap_or_else(|e| panic!("verify: {e}"));
    vm.set_limits(crate::Limits { heap_limit: Some(4096), ..crate::Limits::default() });
    vm.st.heap.set_limit(None);
    let mut host = TestHost::default();
    let o = vm.run_coroutines(main, None, &mut host, CoOptions::default());
    (o, host)
}

/// A coroutine whose captures do not fit its heap (`.heap_size`, which every coroutine's
/// heap gets) ends with `OOM` before it runs; the run goes on, and the channel end it
/// captured is gone with it. (The entry's own heap is unbounded here, so it can build
/// what the coroutine cannot take.)
#[test]
fn a_coroutine_that_cannot_start_ends_alone() {
    let mut b = ModB::new();
    let worker = b.func("worker", "r", "", "rr", "CapGet r1 0\n CapGet r2 1\n Ret0");
    b.captures(worker, "rr");
    b.func(
        "main",
        "",
        "i",
        "riirrrirrrrir",
        "
        LdI r1 1
        LdI r2 0
        CallNat r0 ChanNew r1 2
        Mov r3 r0
        CallNat r4 ChanRx r3 1
        LdK r5 \"0123456789\"
        LdI r6 2000
        CallNat r5 StrRepeat r5 2
        Mov r7 r5
        Mov r8 r0
        MkClo r9 worker r7 2
        Mov r10 r9
        LdI r11 0
        CallNat r10 CoSpawn r10 2
        Mov r12 r4
        CallNat r12 ChanRecv r12 1
        Tag r11 r12
        Ret r11",
    );
    let (o, host) = run_with_small_heaps(b);
    // the only sender left with the coroutine: the entry's receive ends with `None`
    assert_eq!(o, Outcome::Returned(Some(cprime_bytecode::builtins::NONE as u64)), "{}", host.err);
    assert!(host.err.contains("coroutine 1 ended: unhandled signal OOM (starting a coroutine)"), "{}", host.err);
}

/// Joining a coroutine that could not start raises `OOM` in the joiner (a signal it
/// can catch, as for any other failure of the joined coroutine).
#[test]
fn joining_a_coroutine_that_could_not_start_raises_oom() {
    let mut b = ModB::new();
    let worker = b.func("worker", "r", "i", "ri", "CapGet r1 0\n LdI r2 1\n Ret r2");
    b.captures(worker, "r");
    b.func(
        "main",
        "",
        "i",
        "ririri",
        "
        LdK r0 \"0123456789\"
        LdI r1 2000
        CallNat r0 StrRepeat r0 2
        MkClo r2 worker r0 1
        LdI r3 0
        CallNat r4 CoSpawn r2 2
        CallNat r5 CoJoin r4 1
        Ret r5",
    );
    let (o, host) = run_with_small_heaps(b);
    match o {
        Outcome::Unhandled(r) => assert!(r.starts_with("unhandled signal OOM\n  at main"), "{r}"),
        o => panic!("{o:?}: {}", host.err),
    }
    assert!(host.err.contains("coroutine 1 ended: unhandled signal OOM (starting a coroutine)"), "{}", host.err);
}

/// Likewise a signal handler whose closure does not fit its coroutine's heap: it does not
/// start, stderr says so, and the run goes on (here the entry then joins the coroutine
/// that failed, raises its signal and ends with it).
#[test]
fn a_signal_handler_that_cannot_start_does_not_end_the_run() {
    let mut b = ModB::new();
    let boom = b.layout("BOOM", LayoutKind::Signal, &[]);
    let handler = b.func("handler", "rr", "", "r", "CapGet r2 0\n Ret0");
    b.captures(handler, "r");
    b.func("fails", "r", "i", "r", &alloc::format!("NewRec r1 {boom} r1 0\n Raise r1"));
    b.func(
        "main",
        "",
        "i",
        "rirririri",
        &alloc::format!(
            "
        LdK r0 \"0123456789\"
        LdI r1 2000
        CallNat r0 StrRepeat r0 2
        MkClo r2 handler r0 1
        LdI r1 {boom}
        Mov r3 r2
        CallNat r4 CoHandleSig r1 2
        MkClo r5 fails r5 0
        LdI r6 0
        CallNat r7 CoSpawn r5 2
        CallNat r8 CoJoin r7 1
        Ret r8"
        ),
    );
    let (o, host) = run_with_small_heaps(b);
    match o {
        Outcome::Unhandled(report) => assert!(report.starts_with("unhandled signal BOOM") && report.contains("at main"), "{report}"),
        other => panic!("{other:?}: {}", host.err),
    }
    // (said after what it was to handle: the coroutine's end with its signal)
    assert!(host.err.contains("ended: unhandled signal BOOM"), "{}", host.err);
    assert!(host.err.contains("its signal handler did not start: unhandled signal OOM"), "{}", host.err);
}
