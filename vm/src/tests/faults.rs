//! Faults, raising, handler rows, `except` propagation and the exact report texts.
use std::string::String;

use cprime_bytecode::builtins::{DIVIDE_BY_ZERO, INDEX_ERROR, IO_ERROR, OOM, STACK_OVERFLOW};
use cprime_bytecode::module::{Except, Kind, LayoutKind};

use super::*;
use crate::{Limits, Outcome};

fn unhandled(text: &str) -> Outcome {
    Outcome::Unhandled(String::from(text))
}

#[test]
fn divide_by_zero_report() {
    let mut b = ModB::new();
    b.func(
        "main",
        "",
        "i",
        "ii",
        "
        .line 5
        LdI r0 1
        LdI r1 0
        .line 6
        DivI r0 r0 r1
        Ret r0",
    );
    assert_eq!(run(b.build()).0, unhandled("unhandled signal DIVIDE_BY_ZERO\n  at main (t.cp:6)\n"));
}

fn index_error_module(f_except: Except) -> ModB {
    let mut b = ModB::new();
    let f = b.func(
        "f",
        "r",
        "i",
        "ii",
        "
        .line 6
        LdI r1 5
        VecGet r2 r0 r1
        Ret r2",
    );
    b.except(f, f_except);
    b.func(
        "main",
        "",
        "i",
        "riiir",
        "
        .line 11
        LdI r1 1
        LdI r2 2
        LdI r3 3
        NewVec r0 int r1 3
        .line 12
        Mov r4 r0
        Call r1 f r4 1
        Ret r1",
    );
    b
}

#[test]
fn index_error_report_lists_payload_and_frames() {
    let want = "unhandled signal INDEX_ERROR { index: 5, len: 3 }\n  at f (t.cp:6)\n  at main (t.cp:12)\n";
    // not declared by `f`: unhandled right there
    assert_eq!(run(index_error_module(Except::List(vec![])).build()).0, unhandled(want));
    // declared all the way out: unhandled when the outermost frame lets it go
    assert_eq!(run(index_error_module(Except::Any).build()).0, unhandled(want));
}

#[test]
fn handler_row_catches_without_running_anything_on_entry() {
    let mut b = ModB::new();
    let main = b.func(
        "main",
        "",
        "i",
        "iir",
        "
        LdI r0 1
        LdI r1 0
      try:
        DivI r0 r0 r1
        Ret r0
      handler:
        LdI r0 -1
        Ret r0",
    );
    b.handler(main, "try", "handler", "handler", 2, &[DIVIDE_BY_ZERO]);
    assert_eq!(run_int(b.build()), -1);
}

#[test]
fn empty_row_is_a_cleanup_pad_and_the_reraise_keeps_the_first_trace() {
    // a `defer` landing pad: catches everything, runs (here: nothing) and raises again
    let mut b = ModB::new();
    let main = b.func(
        "main",
        "",
        "i",
        "iir",
        "
        .line 3
        LdI r0 1
        LdI r1 0
      try:
        .line 4
        DivI r0 r0 r1
        Ret r0
      pad:
        .line 9
        Raise r2",
    );
    b.handler(main, "try", "pad", "pad", 2, &[]);
    assert_eq!(run(b.build()).0, unhandled("unhandled signal DIVIDE_BY_ZERO\n  at main (t.cp:4)\n"));
}

#[test]
fn first_matching_row_in_table_order_wins() {
    let mut b = ModB::new();
    let main = b.func(
        "main",
        "",
        "i",
        "iir",
        "
        LdI r0 1
        LdI r1 0
      try:
        DivI r0 r0 r1
        Ret r0
      h1:
        LdI r0 1
        Ret r0
      h2:
        LdI r0 2
        Ret r0
      h3:
        LdI r0 3
        Ret r0",
    );
    b.handler(main, "try", "h1", "h1", 2, &[INDEX_ERROR]); // wrong kind: skipped
    b.handler(main, "h1", "h2", "h1", 2, &[DIVIDE_BY_ZERO]); // wrong range: skipped
    b.handler(main, "try", "h1", "h2", 2, &[OOM, DIVIDE_BY_ZERO]);
    b.handler(main, "try", "h1", "h3", 2, &[DIVIDE_BY_ZERO]);
    assert_eq!(run_int(b.build()), 2);
}

fn propagation_module(f_except: Except) -> ModB {
    let mut b = ModB::new();
    let f = b.func(
        "f",
        "",
        "i",
        "ii",
        "
        .line 3
        LdI r0 1
        LdI r1 0
        DivI r0 r0 r1
        Ret r0",
    );
    b.except(f, f_except);
    let main = b.func(
        "main",
        "",
        "i",
        "ir",
        "
        .line 9
      try:
        Call r0 f r0 0
        Ret r0
      h:
        LdI r0 7
        Ret r0",
    );
    b.handler(main, "try", "h", "h", 1, &[DIVIDE_BY_ZERO]);
    b
}

#[test]
fn except_list_lets_a_signal_reach_the_callers_handler() {
    assert_eq!(run_int(propagation_module(Except::List(vec![DIVIDE_BY_ZERO])).build()), 7);
}

#[test]
fn signal_not_in_except_list_is_unhandled_in_the_callee() {
    let (o, _) = run(propagation_module(Except::List(vec![INDEX_ERROR])).build());
    assert_eq!(o, unhandled("unhandled signal DIVIDE_BY_ZERO\n  at f (t.cp:3)\n  at main (t.cp:9)\n"));
}

#[test]
fn user_signal_with_payload_is_caught_and_read() {
    let mut b = ModB::new();
    let sig = b.layout("MY_ERR", LayoutKind::Signal, &[("code", Kind::Int), ("msg", Kind::Ref)]);
    let thrower = b.func(
        "thrower",
        "",
        "",
        "irr",
        "
        .line 2
        LdI r0 42
        LdK r1 \"bad\"
        NewRec r2 MY_ERR r0 2
        Raise r2",
    );
    b.except(thrower, Except::List(vec![sig]));
    let main = b.func(
        "main",
        "",
        "i",
        "ri",
        "
        .line 7
      try:
        Call r0 thrower r0 0
        LdI r1 0
        Ret r1
      h:
        GetF r1 r0 0
        Ret r1",
    );
    b.handler(main, "try", "h", "h", 0, &[sig]);
    let m = b.build();
    assert_eq!(run_int(m.clone()), 42);
    // without the handler, the report prints the payload
    let mut m = m;
    m.functions[1].handlers.clear();
    assert_eq!(
        run(m).0,
        unhandled("unhandled signal MY_ERR { code: 42, msg: \"bad\" }\n  at thrower (t.cp:2)\n  at main (t.cp:7)\n")
    );
}

#[test]
fn reraise_from_a_handler_propagates_outward() {
    let mut b = ModB::new();
    let g = b.func(
        "g",
        "",
        "i",
        "iir",
        "
      try:
        LdI r0 1
        LdI r1 0
        DivI r0 r0 r1
        Ret r0
      h:
        Raise r2",
    );
    b.handler(g, "try", "h", "h", 2, &[DIVIDE_BY_ZERO]);
    let main = b.func(
        "main",
        "",
        "i",
        "ir",
        "
      try:
        Call r0 g r0 0
        Ret r0
      h:
        LdI r0 3
        Ret r0",
    );
    b.handler(main, "try", "h", "h", 1, &[DIVIDE_BY_ZERO]);
    assert_eq!(run_int(b.build()), 3);
}

#[test]
fn handler_range_end_is_exclusive() {
    let mut b = ModB::new();
    let main = b.func(
        "main",
        "",
        "i",
        "iir",
        "
        LdI r0 1
        LdI r1 0
      try:
        Nop
      end:
        DivI r0 r0 r1
        Ret r0
      h:
        Ret r0",
    );
    b.handler(main, "try", "end", "h", 2, &[DIVIDE_BY_ZERO]);
    assert!(matches!(run(b.build()).0, Outcome::Unhandled(_)));
}

fn recursion_module() -> ModB {
    let mut b = ModB::new();
    b.func("rec", "", "", "i", ".line 4\n Call r0 rec r0 0\n Ret0");
    let main = b.func(
        "main",
        "",
        "i",
        "ir",
        "
      try:
        Call r0 rec r0 0
        LdI r0 0
        Ret r0
      h:
        LdI r0 1
        Ret r0",
    );
    b.handler(main, "try", "h", "h", 1, &[STACK_OVERFLOW]);
    b
}

#[test]
fn infinite_recursion_raises_stack_overflow() {
    assert_eq!(run_int(recursion_module().build()), 1);
    // unhandled: the report starts at the innermost frame and elides the middle
    let mut m = recursion_module().build();
    m.functions[1].handlers.clear();
    let (o, _, _) = run_with(m, Limits { max_frames: 1000, ..Limits::default() });
    let Outcome::Unhandled(text) = o else { panic!("{o:?}") };
    assert!(text.starts_with("unhandled signal STACK_OVERFLOW\n  at rec (t.cp:4)\n  at rec (t.cp:4)\n"), "{text}");
    assert!(text.ends_with("  at main (t.cp:0)\n"), "{text}");
    assert!(text.lines().count() < 100, "{text}");
}

#[test]
fn register_limit_raises_stack_overflow() {
    let mut b = ModB::new();
    let big = "i".repeat(999);
    b.func("rec", "", "", &big, "Call r0 rec r0 0\n Ret0");
    let main = b.func("main", "", "i", "ir", "try:\n Call r0 rec r0 0\n LdI r0 0\n Ret r0\n h:\n LdI r0 1\n Ret r0");
    b.handler(main, "try", "h", "h", 1, &[STACK_OVERFLOW]);
    let (o, _, _) = run_with(b.build(), Limits { max_registers: 20_000, ..Limits::default() });
    assert_eq!(o, Outcome::Returned(Some(1)));
}

fn push_forever(catch: bool) -> Module {
    let mut b = ModB::new();
    let main = b.func(
        "main",
        "",
        "i",
        "rir",
        "
        NewVec r0 int r0 0
      try:
        VecPush r0 r1
        Jmp @try
      h:
        LdI r1 1
        Ret r1",
    );
    if catch {
        b.handler(main, "try", "h", "h", 2, &[OOM]);
    }
    b.build()
}

#[test]
fn heap_limit_raises_oom() {
    let limits = Limits { heap_limit: Some(1 << 20), ..Limits::default() };
    let (o, _, _) = run_with(push_forever(false), limits);
    assert_eq!(o, unhandled("unhandled signal OOM\n  at main (t.cp:0)\n"));
    let (o, _, _) = run_with(push_forever(true), limits);
    assert_eq!(o, Outcome::Returned(Some(1)));
}

#[test]
fn heap_limit_collects_before_giving_up() {
    // 200k short-lived records under a 64 KiB limit: only collection makes it fit
    let mut b = ModB::new();
    b.layout("P", LayoutKind::Struct, &[("a", Kind::Int), ("b", Kind::Int)]);
    b.func(
        "main",
        "",
        "i",
        "iir",
        "
        LdI r0 0
      loop:
        NewRec r2 P r0 2
        AddIK r0 r0 1
        JltIK r0 200000 @loop
        GetF r0 r2 0
        Ret r0",
    );
    let (o, _, vm) = run_with(b.build(), Limits { heap_limit: Some(64 << 10), ..Limits::default() });
    assert_eq!(o, Outcome::Returned(Some(199_999)));
    assert!(vm.heap_stats().collections > 10);
    assert!(vm.heap_stats().peak_bytes <= 64 << 10);
}

#[test]
fn huge_native_allocation_raises_oom() {
    let mut b = ModB::new();
    b.func("main", "", "", "rir", "LdK r0 \"abc\"\n LdI r1 1000000000000\n CallNat r2 StrRepeat r0 2\n Ret0");
    let (o, _, _) = run_with(b.build(), Limits { heap_limit: Some(1 << 20), ..Limits::default() });
    assert_eq!(o, unhandled("unhandled signal OOM\n  at main (t.cp:0)\n"));
    // and without a limit, the reservation itself fails
    let mut b = ModB::new();
    b.func("main", "", "", "rir", "LdK r0 \"abc\"\n LdI r1 4000000000000000000\n CallNat r2 StrRepeat r0 2\n Ret0");
    assert_eq!(run(b.build()).0, unhandled("unhandled signal OOM\n  at main (t.cp:0)\n"));
}

#[test]
fn native_faults_surface_at_the_call_site() {
    let mut b = ModB::new();
    let f = b.func(
        "f",
        "r",
        "i",
        "rii",
        "
        .line 9
        Mov r1 r0
        LdI r2 10
        CallNat r3 VecRemove r1 2
        Ret r3",
    );
    b.except(f, Except::List(vec![INDEX_ERROR]));
    let main = b.func(
        "main",
        "",
        "i",
        "rir",
        "
        NewVec r0 int r0 0
      try:
        Call r1 f r0 1
        Ret r1
      h:
        GetF r1 r2 0
        Ret r1",
    );
    b.handler(main, "try", "h", "h", 2, &[INDEX_ERROR]);
    let m = b.build();
    assert_eq!(run_int(m.clone()), 10);
    let mut m = m;
    m.functions[1].handlers.clear();
    assert_eq!(run(m).0, unhandled("unhandled signal INDEX_ERROR { index: 10, len: 0 }\n  at f (t.cp:9)\n  at main (t.cp:0)\n"));
}

#[test]
fn io_error_report() {
    let mut b = ModB::new();
    b.func("main", "", "", "rr", ".line 1\n LdK r0 \"x.txt\"\n CallNat r1 ReadFile r0 1\n Ret0");
    assert_eq!(
        run(b.build()).0,
        unhandled(
            "unhandled signal IO_ERROR { path: \"x.txt\", error_code: 2, message: \"No such file or directory\" }\n  at main (t.cp:1)\n"
        )
    );
    let _ = IO_ERROR;
}

#[test]
fn panic_report() {
    let mut b = ModB::new();
    b.func("boom", "", "", "ri", ".line 3\n LdK r0 \"boom\"\n CallNat r1 Panic r0 1");
    b.func("main", "", "", "i", ".line 8\n Call r0 boom r0 0\n Ret0");
    assert_eq!(run(b.build()).0, Outcome::Panic(String::from("panicked: boom\n  at boom (t.cp:3)\n  at main (t.cp:8)\n")));
}

#[test]
fn impossible_states_are_internal_errors() {
    let mut b = ModB::new();
    b.func("main", "", "i", "ri", "LdNull r0\n GetF r1 r0 0\n Ret r1");
    let Outcome::InternalError(msg) = run(b.build()).0 else { panic!() };
    assert!(msg.contains("null reference"), "{msg}");

    // a closure called with the wrong number of arguments
    let mut b = ModB::new();
    b.func("c", "ri", "i", "", "Ret r1");
    b.func("main", "", "i", "ri", "MkClo r0 c r0 0\n CallClo r1 r0 0\n Ret r1");
    let Outcome::InternalError(msg) = run(b.build()).0 else { panic!() };
    assert!(msg.contains("closure"), "{msg}");

    // a cell read into, or set from, a register of another kind (the threaded chain's
    // fast path leaves them to the outer match, which reports them)
    let mut b = ModB::new();
    b.func("main", "", "f", "rif", "LdI r1 7\n NewCell r0 int r1\n CellGet r2 r0\n Ret r2");
    let Outcome::InternalError(msg) = run(b.build()).0 else { panic!() };
    assert!(msg.contains("a cell of kind int read into a register of kind float"), "{msg}");
    let mut b = ModB::new();
    b.func("main", "", "i", "rif", "LdI r1 7\n NewCell r0 int r1\n IToF r2 r1\n CellSet r0 r2\n Ret r1");
    let Outcome::InternalError(msg) = run(b.build()).0 else { panic!() };
    assert!(msg.contains("a cell of kind int set from a register of kind float"), "{msg}");
    let mut b = ModB::new();
    b.func("main", "", "i", "ri", "LdI r1 7\n NewCell r0 int r1\n LdI r1 9\n CellSet r0 r1\n LdI r1 0\n CellGet r1 r0\n Ret r1");
    assert_eq!(run(b.build()).0, Outcome::Returned(Some(9)));

    // raising something that is not a signal
    let mut b = ModB::new();
    b.func("main", "", "", "r", "LdK r0 \"x\"\n Raise r0");
    let Outcome::InternalError(msg) = run(b.build()).0 else { panic!() };
    assert!(msg.contains("not a signal"), "{msg}");
}

/// Crafted bytecode whose catch-all pad lies inside its own protected range, so that
/// each catch enters the pad again from inside it, in a loop with no backward jump and
/// no call: the pad keeps one note (not one per catch, each holding its signal as a
/// root), and each catch is a safepoint, so the garbage signals are collected.
#[test]
fn a_pad_entered_from_inside_itself_keeps_memory_bounded() {
    let mut b = ModB::new();
    let sig = b.layout("LOOP", LayoutKind::Signal, &[]);
    let main = b.func(
        "main",
        "",
        "i",
        "ri",
        "
        LdI r1 0
      try:
        NewRec r0 LOOP r1 0
        AddIK r1 r1 1
        JeqIK r1 200000 @done
        Raise r0
      done:
        Ret r1",
    );
    let _ = sig;
    b.handler(main, "try", "done", "try", 0, &[]);
    let (o, _, vm) = run_with(b.build(), Limits::default());
    assert!(matches!(o, Outcome::Returned(Some(200000))), "{o:?}");
    let mut notes = 0;
    let mut t = vm.st.cleanup_trace.as_deref();
    while let Some(n) = t {
        notes += 1;
        t = n.outer.as_deref();
    }
    assert!(notes <= 1, "{notes} notes");
    assert!(vm.st.heap.live_objects < 100_000, "{} objects live: nothing was collected", vm.st.heap.live_objects);
}
