//! One test per verifier rule: each breaks a valid module in one way and checks the message.
use std::string::{String, ToString};
use std::vec;

use cprime_bytecode::builtins;
use cprime_bytecode::isa::*;
use cprime_bytecode::module::*;

use super::*;
use crate::verify::verify;

/// A module whose `main` (regs and code given) sits beside helpers: `f(int) -> int`,
/// `g(ref)`, `clo(ref, int) -> int`, layouts `P { x: int, s: ref }` and signal `MY_SIG`,
/// and global `G: int`.
fn module(regs: &str, ret: &str, code: &str) -> Module {
    let mut b = ModB::new();
    b.layout("P", LayoutKind::Struct, &[("x", Kind::Int), ("s", Kind::Ref)]);
    b.layout("MY_SIG", LayoutKind::Signal, &[]);
    b.global("G", Kind::Int, GlobalInit::Int(0));
    b.func("main", "", ret, regs, code);
    b.func("f", "i", "i", "", "Ret r0");
    b.func("g", "r", "", "", "Ret0");
    b.func("clo", "ri", "i", "", "Ret r1");
    let cap = b.func("cap", "r", "i", "i", "CapGet r1 0\n Ret r1");
    b.captures(cap, "ir");
    b.build()
}

fn reject(m: &Module, fragment: &str) {
    match verify(m) {
        Ok(()) => panic!("accepted; expected an error containing {fragment:?}"),
        Err(e) => assert!(e.to_string().contains(fragment), "error `{e}` lacks {fragment:?}"),
    }
}

#[test]
fn the_base_module_is_valid() {
    verify(&module("i", "i", "LdI r0 1\n Call r0 f r0 1\n Ret r0")).unwrap();
}

#[test]
fn builtin_layouts_first() {
    let mut m = module("", "", "Ret0");
    m.layouts.remove(3);
    reject(&m, "must be the builtin layout `Some`");
    let mut m = module("", "", "Ret0");
    m.layouts.truncate(5);
    reject(&m, "builtin layouts must come first");
}

#[test]
fn parameters_and_registers() {
    let mut m = module("", "", "Ret0");
    m.functions[1].regs.clear();
    reject(&m, "function `f`: 1 parameters but only 0 registers");
    let mut m = module("", "", "Ret0");
    m.functions[1].regs[0] = Kind::Float;
    reject(&m, "parameter 0 is int but register r0 is float");
    let mut m = module("", "", "Ret0");
    m.functions[0].regs = vec![Kind::Int; 70_000];
    reject(&m, "70000 registers (at most 65535)");
}

#[test]
fn code_must_end_in_a_terminator() {
    let mut m = module("", "", "Ret0");
    m.functions[0].code.clear();
    reject(&m, "function `main`: function has no code");
    reject(&module("i", "", "LdI r0 1"), "function `main` at pc 0: the last instruction must be");
    // a native that never returns ends a function
    verify(&module("i", "", "LdI r0 1\n CallNat r0 Exit r0 1")).unwrap();
}

#[test]
fn register_range_message() {
    let m = module("iiii", "", "LdI r9 1\n Ret0");
    assert_eq!(verify(&m).unwrap_err().to_string(), "function `main` at pc 0: register r9 out of range (function has 4 registers)");
}

#[test]
fn operand_kinds() {
    reject(&module("f", "", "LdI r0 1\n Ret0"), "operand `a`: register r0 is float, expected int");
    reject(&module("if", "", "Mov r0 r1\n Ret0"), "Mov between kinds: r0 is int, r1 is float");
    reject(&module("f", "", "GGet r0 G\n Ret0"), "global `G`: register r0 is float, expected int");
    reject(&module("f", "", "GSet G r0\n Ret0"), "global `G`: register r0 is float, expected int");
}

#[test]
fn returns_match_the_signature() {
    reject(&module("f", "i", "Ret r0"), "returned value: register r0 is float, expected int");
    reject(&module("i", "", "Ret r0"), "Ret in a function that returns nothing");
    reject(&module("i", "i", "Ret0"), "Ret0 in a function that returns a value");
}

#[test]
fn explicit_kind_operands() {
    reject(&module("rf", "", "NewCell r0 int r1\n Ret0"), "cell value: register r1 is float, expected int");
    reject(&module("rfi", "", "VecRep r0 int r1 r2\n Ret0"), "repeated value: register r1 is float, expected int");
    reject(&module("rif", "", "NewVec r0 int r1 2\n Ret0"), "vector element: register r2 is float, expected int");
}

#[test]
fn windows_fit_the_frame() {
    reject(&module("rii", "", "NewVec r0 int r1 3\n Ret0"), "window r1..r4 out of range (function has 3 registers)");
    reject(&module("ir", "", "CallClo r0 r1 1\n Ret0"), "window r1..r3 out of range");
}

#[test]
fn direct_calls() {
    reject(&module("i", "", "Call r0 f r0 0\n Ret0"), "call of `f` passes 0 arguments; it takes 1");
    reject(&module("ri", "", "Call r1 f r0 1\n Ret0"), "argument 0 of `f`: register r0 is ref, expected int");
    reject(&module("ir", "", "Call r1 f r0 1\n Ret0"), "result of `f`: register r1 is ref, expected int");
    reject(&module("i", "", "Call r0 #7 r0 1\n Ret0"), "function 7 out of range (5 functions)");
    // a callee that returns nothing leaves any destination alone
    verify(&module("ri", "", "Call r1 g r0 1\n Ret0")).unwrap();
}

#[test]
fn native_calls() {
    reject(&module("ri", "", "CallNat r1 StrLen r0 2\n Ret0"), "native StrLen takes 1 arguments, got 2");
    reject(&module("ii", "", "CallNat r1 StrLen r0 1\n Ret0"), "argument 0 of native StrLen: register r0 is int, expected ref");
    reject(&module("rr", "", "CallNat r1 StrLen r0 1\n Ret0"), "result of native StrLen: register r1 is ref, expected int");
    reject(&module("i", "", "CallNat r0 999 r0 0\n Ret0"), "native 999 out of range");
    // `X` parameters and results take any kind
    verify(&module("rif", "", "CallNat r2 VecRemove r0 2\n Ret0")).unwrap();
}

#[test]
fn closures() {
    reject(&module("ii", "", "CallClo r1 r0 0\n Ret0"), "called closure: register r0 is int, expected ref");
    reject(&module("ri", "", "MkClo r0 clo r1 1\n Ret0"), "closure of `clo` captures 1 values, but the function declares 0");
    reject(&module("rri", "", "MkClo r0 cap r1 2\n Ret0"), "capture 0: register r1 is ref, expected int");
    verify(&module("rir", "", "MkClo r0 cap r1 2\n Ret0")).unwrap();
    reject(&module("r", "", "MkClo r0 f r0 0\n Ret0"), "closure function `f` must take the closure (ref) as parameter 0");
    reject(&module("ir", "", "CapGet r1 0\n Ret0"), "the running closure: register r0 is int, expected ref");
    reject(&module("ri", "", "CapGet r1 0\n Ret0"), "capture 0 of a function that declares 0");
    // a capture lands in a register of its declared kind
    let mut b = ModB::new();
    b.func("main", "", "", "", "Ret0");
    let f = b.func("c", "r", "", "r", "CapGet r1 0\n Ret0");
    b.captures(f, "i");
    reject(&b.build(), "capture 0: register r1 is ref, expected int");
    verify(&module("rii", "", "MkClo r0 clo r0 0\n LdI r2 1\n CallClo r1 r0 1\n Ret0")).unwrap();
}

#[test]
fn records() {
    reject(&module("ri", "", "NewRec r0 P r1 1\n Ret0"), "layout `P` has 2 fields, NewRec gives 1");
    reject(&module("rii", "", "NewRec r0 P r1 2\n Ret0"), "field `s` of `P`: register r2 is int, expected ref");
    reject(&module("r", "", "NewRec r0 99 r0 0\n Ret0"), "layout 99 out of range");
}

#[test]
fn indices_exist() {
    reject(&module("r", "", "LdK r0 5\n Ret0"), "constant 5 out of range (0 constants)");
    reject(&module("", "", "Jmp @x\n x:\n Jmp 7"), "jump target 7 out of range (2 instructions)");
    reject(&module("i", "", "GGet r0 3\n Ret0"), "global 3 out of range (1 globals)");
    reject(&module("ri", "", "CallVirt r1 0 r0 1\n Ret0"), "method slot 0 out of range (0 slots)");
}

#[test]
fn immediates_in_range() {
    reject(&module("ii", "", "SExt r0 r1 0\n Ret0"), "bit width 0 out of range 1..=64");
    reject(&module("ii", "", "ZExt r0 r1 65\n Ret0"), "bit width 65 out of range 1..=64");
    reject(&module("rf", "", "StrOfF r0 r1 -3\n Ret0"), "precision -3 out of range");
    verify(&module("rf", "", "StrOfF r0 r1 -2\n Ret0")).unwrap();
    reject(&module("ii", "", "DivIK r0 r1 0\n Ret0"), "division by the immediate 0");
    reject(&module("ii", "", "RemIK r0 r1 0\n Ret0"), "division by the immediate 0");
    verify(&module("ii", "", "RemIK r0 r1 -1\n Ret0")).unwrap();
}

#[test]
fn handler_rows() {
    let good = Handler { start: 0, end: 1, target: 1, reg: 0, signals: vec![builtins::DIVIDE_BY_ZERO] };
    let check = |h: Handler, fragment: &str| {
        let mut m = module("ri", "", "Nop\n Ret0");
        m.functions[0].handlers.push(h);
        reject(&m, fragment);
    };
    check(Handler { start: 1, end: 0, ..good.clone() }, "handler 0: range 1..0 is not within the code (2 instructions)");
    check(Handler { end: 3, ..good.clone() }, "handler 0: range 0..3 is not within the code");
    check(Handler { target: 2, ..good.clone() }, "handler 0: target 2 out of range");
    check(Handler { reg: 1, ..good.clone() }, "handler 0: register r1 is int, expected ref");
    check(Handler { reg: 5, ..good.clone() }, "register r5 out of range");
    check(Handler { signals: vec![builtins::SOME_I], ..good.clone() }, "handler 0: layout #1 is not a signal");
    let mut m = module("ri", "", "Nop\n Ret0");
    m.functions[0].handlers.push(good);
    verify(&m).unwrap();
}

#[test]
fn line_table_sorted() {
    let mut m = module("", "", "Nop\n Ret0");
    m.functions[0].lines = vec![(1, 3), (0, 2)];
    reject(&m, "line table is not sorted by pc");
}

#[test]
fn except_lists_name_signals() {
    let mut m = module("", "", "Ret0");
    m.functions[0].except = Except::List(vec![builtins::UNIT]);
    reject(&m, "except list names layout #10, which is not a signal");
}

#[test]
fn file_index_exists() {
    let mut m = module("", "", "Ret0");
    m.functions[0].file = 3;
    reject(&m, "file index 3 out of range (1 files)");
}

#[test]
fn globals_match_their_initializers() {
    let mut m = module("", "", "Ret0");
    m.globals[0].init = GlobalInit::Float(1.0);
    reject(&m, "global `G` of kind int has an initializer of another kind");
    let mut m = module("", "", "Ret0");
    m.globals[0] = Global { name: "S".to_string(), kind: Kind::Ref, init: GlobalInit::Str(4) };
    reject(&m, "global `S`: constant k4 out of range (0 constants)");
}

#[test]
fn entries_and_tests() {
    let mut m = module("i", "i", "LdI r0 0\n Ret r0");
    m.entries.push(Entry::plain("main", 9));
    reject(&m, "entry `main` names function #9, which does not exist");
    m.entries[0].func = 1; // f(int)
    reject(&m, "entry `main`: function `f` takes 1 parameters; an entry takes none");
    m.entries[0].func = 2; // g(ref)
    m.entries[0].takes_args = true;
    verify(&m).unwrap();
    m.tests.push(TestCase { name: "t".into(), func: 77 });
    reject(&m, "test `t` names function #77");
}

#[test]
fn shapes_name_what_exists() {
    let base = || module("r", "", "DbgT r0 r0 0\n Ret0");
    let mut m = base();
    reject(&m, "shape 0 out of range (0 shapes)");
    m.shapes.push(Shape::Items(0));
    verify(&m).unwrap();
    m.shapes.push(Shape::Entries(0, 7));
    reject(&m, "a shape names shape #7, which does not exist (2 shapes)");
    let mut m = base();
    m.shapes.push(Shape::Records(vec![(900, vec![])]));
    reject(&m, "a shape names layout #900, which does not exist");
    let mut m = base();
    m.shapes.push(Shape::Records(vec![(builtins::SOME_I, vec![0, 0])]));
    reject(&m, "a shape describes 2 fields of layout #1 `Some`, which has 1");
    let mut m = base();
    m.shapes.push(Shape::Plain);
    m.record_shapes.push((900, 0));
    reject(&m, "a record shape names layout #900, which does not exist");
    m.record_shapes = vec![(builtins::SOME_I, 3)];
    reject(&m, "a shape names shape #3, which does not exist (1 shapes)");
}

#[test]
fn vtable_rows() {
    let base = || {
        let mut m = module("rii", "", "Ret0");
        m.slots.push("S::m".to_string());
        m
    };
    let p = builtins::count() as u32;
    let row = |layout, slot, func| VTableEntry { layout, slot, func };
    let mut m = base();
    m.vtables.push(row(500, 0, 2));
    reject(&m, "vtable row names layout #500");
    let mut m = base();
    m.vtables.push(row(p, 4, 2));
    reject(&m, "vtable row names method slot 4, out of range (1 slots)");
    let mut m = base();
    m.vtables.push(row(p, 0, 40));
    reject(&m, "vtable row names function #40");
    let mut m = base();
    m.vtables.push(row(p, 0, 1)); // f(int): no receiver
    reject(&m, "method `f` must take its receiver (ref) as parameter 0");
    let mut m = base();
    m.vtables.push(row(p, 0, 2));
    m.vtables.push(row(p, 0, 2));
    reject(&m, "two vtable rows for layout");
    // call sites are checked against every implementation of the slot
    let mut m = base();
    m.vtables.push(row(p, 0, 3)); // clo(ref, int) -> int
    m.functions[0].code = vec![Insn::CallVirt { a: Wx(1), s: Slot(0), w: Win(0), n: N(1) }, Insn::Ret0 {}];
    reject(&m, "method call of `clo` passes 1 arguments; it takes 2");
    m.functions[0].code[0] = Insn::CallVirt { a: Wx(1), s: Slot(0), w: Win(0), n: N(0) };
    reject(&m, "CallVirt needs the receiver as argument 0");
    m.functions[0].code[0] = Insn::CallVirt { a: Wx(1), s: Slot(0), w: Win(0), n: N(2) };
    verify(&m).unwrap();
    m.functions[0].code[0] = Insn::CallVirt { a: Wx(0), s: Slot(0), w: Win(0), n: N(2) };
    reject(&m, "result of `clo`: register r0 is ref, expected int");
    let _ = String::new();
}

#[test]
fn errors_display_with_and_without_a_location() {
    let e = crate::VerifyError { function: None, pc: None, message: "m".into() };
    assert_eq!(e.to_string(), "m");
    let e = crate::VerifyError { function: Some("f".into()), pc: None, message: "m".into() };
    assert_eq!(e.to_string(), "function `f`: m");
}
