//! Time slices (`Vm::run_slice` / `Vm::resume`): preemption by reduction counting, the
//! coroutine scheduler's guarantee that a busy loop cannot starve the others.
use alloc::vec::Vec;

use super::*;
use crate::{Limits, Outcome, Vm};

/// `main` sums `i` for `i` in `0..n` through a call per step (`add`), so slices end in
/// the caller and in the callee.
fn summing(n: i64) -> Module {
    let mut b = ModB::new();
    b.func("add", "ii", "i", "", "AddI r0 r0 r1\n Ret r0");
    b.func(
        "main",
        "",
        "i",
        "iiiii",
        &alloc::format!(
            "
        LdI r0 0
        LdI r1 0
        LdI r2 {n}
      loop:
        Mov r3 r0
        Mov r4 r1
        Call r0 add r3 2
        AddIK r1 r1 1
        JltI r1 r2 @loop
        Ret r0"
        ),
    );
    b.build()
}

/// A loop that never ends.
fn hog() -> Module {
    let mut b = ModB::new();
    b.func("main", "", "i", "i", "LdI r0 0\n loop:\n AddIK r0 r0 1\n Jmp @loop");
    b.build()
}

/// Runs `main` of `vm` in slices of `reductions` until it ends; returns the outcome and
/// how many times it was preempted.
fn to_end(vm: &mut Vm, reductions: u64) -> (Outcome, usize) {
    let main = 1;
    let mut host = TestHost::default();
    let mut o = vm.run_slice(main, None, &mut host, reductions);
    let mut preempted = 0;
    while o == Outcome::Preempted {
        preempted += 1;
        o = vm.resume(&mut host, reductions);
    }
    (o, preempted)
}

#[test]
fn a_sliced_run_gets_the_same_result() {
    let n = 200_000;
    let mut vm = Vm::new(summing(n)).unwrap();
    let (o, preempted) = to_end(&mut vm, 1000);
    assert_eq!(o, Outcome::Returned(Some((n * (n - 1) / 2) as u64)));
    // two safepoints per step (the call, the backward jump)
    assert!((390..=410).contains(&preempted), "preempted {preempted} times");
}

#[test]
fn a_hog_cannot_starve_its_neighbour() {
    // round robin between a loop that never ends and one that does: the second finishes
    let mut hog = Vm::new(hog()).unwrap();
    let mut worker = Vm::new(summing(50_000)).unwrap();
    let mut host = TestHost::default();
    let mut order: Vec<char> = Vec::new();
    let mut h = hog.run_slice(0, None, &mut host, 500);
    let mut w = worker.run_slice(1, None, &mut host, 500);
    while w == Outcome::Preempted {
        assert_eq!(h, Outcome::Preempted);
        order.push('h');
        h = hog.resume(&mut host, 500);
        order.push('w');
        w = worker.resume(&mut host, 500);
    }
    assert_eq!(w, Outcome::Returned(Some(50_000 * 49_999 / 2)));
    assert!(order.len() > 100, "the worker needed {} slices", order.len() / 2);
}

#[test]
fn resuming_what_was_not_preempted_is_an_error() {
    let mut vm = Vm::new(summing(10)).unwrap();
    let mut host = TestHost::default();
    assert!(matches!(vm.resume(&mut host, 10), Outcome::InternalError(_)));
    assert_eq!(vm.run_slice(1, None, &mut host, 1_000_000), Outcome::Returned(Some(45)));
    assert!(matches!(vm.resume(&mut host, 10), Outcome::InternalError(_)));
}

#[test]
fn slices_do_not_replace_the_fuel_budget() {
    let mut vm = Vm::new(hog()).unwrap();
    vm.set_limits(Limits { fuel: Some(1000), ..Limits::default() });
    let mut host = TestHost::default();
    assert!(matches!(vm.run_slice(0, None, &mut host, 10), Outcome::InternalError(_)));
    assert_eq!(vm.run(0, None, &mut host), Outcome::OutOfFuel);
}

#[test]
fn collections_between_slices_keep_the_suspended_frames() {
    // binary trees allocate enough to collect many times; the preempted frames' handles
    // must survive every collection
    let m = gc::binary_trees();
    let main = func_index(&m, "main");
    let mut vm = Vm::new(m).unwrap();
    let mut host = TestHost::default();
    let expected = {
        let mut whole = Vm::new(gc::binary_trees()).unwrap();
        whole.run(main, None, &mut host)
    };
    let mut o = vm.run_slice(main, None, &mut host, 97);
    let mut n = 0;
    while o == Outcome::Preempted {
        n += 1;
        o = vm.resume(&mut host, 97);
    }
    assert_eq!(o, expected);
    assert!(n > 1000, "{n}");
    assert!(vm.heap_stats().collections > 5, "{:?}", vm.heap_stats());
}

/// `main` (function 1, as `to_end` wants): `setup`, then `step` `n` times, in a loop of
/// two safepoints a step; returns `n`. Registers: r0 the count, r1 `n`, r2 = 7, r3 =
/// 1,000,000, r4 and r5 free.
fn stepping(n: i64, setup: &str, step: &str) -> Module {
    stepping_with(n, "iiiiri", setup, step)
}

/// `stepping` with registers of the kinds `regs` (the first four ints as there).
fn stepping_with(n: i64, regs: &str, setup: &str, step: &str) -> Module {
    let mut b = ModB::new();
    b.func("unused", "", "i", "i", "LdI r0 0\n Ret r0");
    let body = alloc::format!(
        "
        LdI r0 0
        LdI r1 {n}
        LdI r2 7
        LdI r3 1000000
        {setup}
      loop:
        {step}
        AddIK r0 r0 1
        JltI r0 r1 @loop
        Ret r0"
    );
    b.func("main", "", "i", regs, &body);
    b.build()
}

/// Builds a vector of 1,000,000 ints (8 MB) `n` times: few safepoints, much work.
fn allocating(n: i64) -> Module {
    stepping(n, "", "VecRep r4 int r2 r3")
}

#[test]
fn a_slice_that_allocated_a_collections_worth_ends_at_the_collection() {
    // 20 steps fit one slice of a million reductions many times over; but each step
    // allocates 8 MB, so collections come every step or two, and each ends the slice
    let mut vm = Vm::new(allocating(20)).unwrap();
    let (o, preempted) = to_end(&mut vm, 1_000_000);
    assert_eq!(o, Outcome::Returned(Some(20)));
    assert!(preempted >= 5, "preempted {preempted} times: a loop of big allocations held the slice");
    // without slices nothing changes: the run is not cut at collections
    let mut vm = Vm::new(allocating(20)).unwrap();
    let mut host = TestHost::default();
    assert_eq!(vm.run(1, None, &mut host), Outcome::Returned(Some(20)));
}

/// Builds a vector of 1,000,000 ints once, then reverses it in place `n` times and sorts
/// it `n` times: natives that allocate nothing and take long, in few safepoints.
fn walking(n: i64) -> Module {
    stepping(n, "VecRep r4 int r2 r3", "CallNat r5 VecReverse r4 1\n CallNat r5 VecSortI r4 1")
}

#[test]
fn a_slice_whose_natives_walked_much_ends_at_the_next_safepoint() {
    // 20 steps fit one slice of a million reductions many times over; but each reverse
    // walks a million elements (a sort more), a slice's worth: each step ends the slice
    let mut vm = Vm::new(walking(20)).unwrap();
    let (o, preempted) = to_end(&mut vm, 1_000_000);
    assert_eq!(o, Outcome::Returned(Some(20)));
    assert!(preempted >= 19, "preempted {preempted} times: a loop of big in-place natives held the slice");
    // without slices nothing changes
    let mut vm = Vm::new(walking(20)).unwrap();
    let mut host = TestHost::default();
    assert_eq!(vm.run(1, None, &mut host), Outcome::Returned(Some(20)));
}

#[test]
fn small_natives_do_not_end_slices() {
    // the work of small natives adds up, but slowly: 100,000 reverses of ten elements
    // are 1,000,000 units, a few slices' worth (200,000 safepoints: none by count)
    let ten = stepping(100_000, "LdI r3 10\n VecRep r4 int r2 r3", "CallNat r5 VecReverse r4 1");
    let mut vm = Vm::new(ten).unwrap();
    let (o, preempted) = to_end(&mut vm, 1_000_000);
    assert_eq!(o, Outcome::Returned(Some(100_000)));
    assert!(preempted <= 4, "preempted {preempted} times");
}

#[test]
fn natives_count_what_they_touch_not_their_operands_size() {
    // a prefix test on a 1 MB string reads the prefix: 100,000 of them are no slice's
    // worth (counted by the string's length, they were 400)
    let prefix = stepping_with(
        100_000,
        "iiiirirr",
        "LdK r4 \"x\"\n LdI r5 1000000\n CallNat r4 StrRepeat r4 2\n Mov r6 r4\n LdK r7 \"xx\"",
        "CallNat r5 StrStarts r6 2",
    );
    let mut vm = Vm::new(prefix).unwrap();
    let (o, preempted) = to_end(&mut vm, 1_000_000);
    assert_eq!(o, Outcome::Returned(Some(100_000)));
    assert!(preempted <= 2, "preempted {preempted} times");
}
