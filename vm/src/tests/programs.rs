//! Programs that run to completion: arithmetic, calls, closures, records, vectors, maps,
//! strings, globals, natives, formatting.
use std::format;
use std::string::ToString;

use cprime_bytecode::builtins;
use cprime_bytecode::module::{GlobalInit, Kind, LayoutKind, Module, VTableEntry};

use super::*;
use crate::{Limits, Outcome, Vm};

pub fn fib_module(n: i64) -> Module {
    let mut b = ModB::new();
    b.func("main", "", "i", "i", &format!("LdI r0 {n}\n Call r0 fib r0 1\n Ret r0"));
    b.func(
        "fib",
        "i",
        "i",
        "ii",
        "
        JltIK r0 2 @base
        AddIK r1 r0 -1
        Call r1 fib r1 1
        AddIK r2 r0 -2
        Call r2 fib r2 1
        AddI r0 r1 r2
        Ret r0
      base:
        Ret r0",
    );
    b.build()
}

/// `sum += (i*i) % 7` for `i` in `0..n`.
pub fn loop_module(n: i64) -> Module {
    let mut b = ModB::new();
    b.func(
        "main",
        "",
        "i",
        "iiiii",
        &format!(
            "
        LdI r0 0
        LdI r1 0
        LdI r2 {n}
        LdI r4 7
      loop:
        MulI r3 r1 r1
        RemI r3 r3 r4
        AddI r0 r0 r3
        AddIK r1 r1 1
        JltI r1 r2 @loop
        Ret r0"
        ),
    );
    b.build()
}

fn loop_expect(n: i64) -> i64 {
    (0..n).map(|i| (i * i) % 7).sum()
}

#[test]
fn fib_recursion() {
    assert_eq!(run_int(fib_module(20)), 6765);
}

#[test]
fn counting_loop() {
    assert_eq!(run_int(loop_module(10_000)), loop_expect(10_000));
}

/// Debug builds must not grow the Rust stack per instruction or per guest call.
#[test]
fn million_iterations_in_a_debug_build() {
    assert_eq!(run_int(loop_module(1_000_000)), loop_expect(1_000_000));
    assert_eq!(run_int(fib_module(22)), 17711);
}

#[test]
fn integer_ops_wrap_and_cast() {
    let mut b = ModB::new();
    b.func(
        "main",
        "",
        "",
        "iiir",
        "
        LdI r0 9223372036854775807
        AddIK r0 r0 1
        StrOfI r3 r0
        CallNat r2 Print r3 1
        LdI r0 -9223372036854775808
        LdI r1 -1
        DivI r2 r0 r1
        StrOfI r3 r2
        CallNat r2 Print r3 1
        LdI r0 200
        SExt r1 r0 8
        StrOfI r3 r1
        CallNat r2 Print r3 1
        ZExt r1 r0 8
        StrOfI r3 r1
        CallNat r2 Print r3 1
        LdI r0 -7
        LdI r1 2
        ShrI r2 r0 r1
        StrOfI r3 r2
        CallNat r2 Print r3 1
        RemI r2 r0 r1
        StrOfI r3 r2
        CallNat r2 Print r3 1
        NotB r2 r1
        StrOfB r3 r2
        CallNat r2 Print r3 1
        Ret0",
    );
    assert_eq!(run_out(b.build()), "-9223372036854775808-9223372036854775808-56200-2-1false");
}

#[test]
fn floats_format_like_rust() {
    let mut b = ModB::new();
    b.func(
        "main",
        "",
        "",
        "fffri",
        "
        LdF r0 1.5
        LdF r1 2.0
        MulF r2 r0 r1
        StrOfF r3 r2 -1
        CallNat r4 Print r3 1
        DivF r2 r0 r1
        StrOfF r3 r2 3
        CallNat r4 Print r3 1
        CallNat r2 Sqrt r1 1
        StrOfF r3 r2 4
        CallNat r4 Print r3 1
        FToI r4 r0
        IToF r2 r4
        StrOfF r3 r2 -1
        CallNat r4 Print r3 1
        LdF r2 -0.0
        LtF r4 r2 r0
        StrOfB r3 r4
        CallNat r4 Print r3 1
        Ret0",
    );
    assert_eq!(run_out(b.build()), "30.7501.41421true");
}

#[test]
fn closures_share_cells() {
    let mut b = ModB::new();
    b.func(
        "make_counter",
        "",
        "r",
        "rir",
        "
        LdI r1 0
        NewCell r0 int r1
        MkClo r2 inc r0 1
        Ret r2",
    );
    let inc = b.func(
        "inc",
        "r",
        "i",
        "rii",
        "
        CapGet r1 0
        CellGet r2 r1
        AddIK r2 r2 1
        CellSet r1 r2
        Ret r2",
    );
    b.captures(inc, "r");
    b.func(
        "main",
        "",
        "i",
        "rri",
        "
        Call r0 make_counter r0 0
        Mov r1 r0
        CallClo r2 r1 0
        Mov r1 r0
        CallClo r2 r1 0
        Mov r1 r0
        CallClo r2 r1 0
        Ret r2",
    );
    assert_eq!(run_int(b.build()), 3);
}

/// A cell's kind is checked where it is read or set: verified code could otherwise read
/// an int cell into a `ref` register (the verifier does not know a cell's kind).
#[test]
fn a_cell_is_read_and_set_only_through_registers_of_its_kind() {
    let mut b = ModB::new();
    b.func("main", "", "i", "irii", "LdI r0 3\n NewCell r1 int r0\n CellGet r2 r1\n CallNat r3 StrLen r2 1\n Ret r3");
    // (r2 is a ref register: the int would be taken for a handle)
    let m = {
        let mut m = b.build();
        m.functions[0].regs[2] = Kind::Ref;
        m
    };
    match run(m).0 {
        Outcome::InternalError(msg) => assert!(msg.contains("cell of kind int read into"), "{msg}"),
        other => panic!("an int cell was read into a ref register: {other:?}"),
    }
    let mut b = ModB::new();
    b.func("main", "", "i", "iri", "LdI r0 3\n NewCell r1 int r0\n Mov r2 r1\n CellSet r1 r2\n Ret r0");
    let mut m = b.build();
    m.functions[0].regs[2] = Kind::Ref;
    match run(m).0 {
        Outcome::InternalError(msg) => assert!(msg.contains("set from a"), "{msg}"),
        other => panic!("a ref was stored in an int cell: {other:?}"),
    }
}

/// `CapGet` reads only closures of the running function: a closure of another function
/// passed in register 0 by a direct call (verified bytecode can do that) would hand the
/// other function's int capture to a `ref` register.
#[test]
fn a_capture_is_read_only_from_a_closure_of_the_running_function() {
    let mut b = ModB::new();
    let f = b.func("f", "r", "", "", "Ret0");
    b.captures(f, "i");
    let g = b.func("g", "r", "i", "ri", "CapGet r1 0\n CallNat r2 StrLen r1 1\n Ret r2");
    b.captures(g, "r");
    b.func("main", "", "i", "irri", "LdI r0 3\n MkClo r1 f r0 1\n Mov r2 r1\n Call r3 g r2 1\n Ret r3");
    let (o, _) = run(b.build());
    match o {
        Outcome::InternalError(msg) => assert!(msg.contains("read by function"), "{msg}"),
        other => panic!("the int capture was read as a reference: {other:?}"),
    }
}

#[test]
fn closure_with_arguments_and_debug_text() {
    let mut b = ModB::new();
    b.func("add", "rii", "i", "", "AddI r1 r1 r2\n Ret r1");
    b.func(
        "main",
        "",
        "",
        "riirii",
        "
        MkClo r0 add r0 0
        Mov r3 r0
        LdI r4 40
        LdI r5 2
        CallClo r1 r3 2
        StrOfI r3 r1
        CallNat r5 Print r3 1
        DbgR r3 r0
        CallNat r5 Print r3 1
        Ret0",
    );
    assert_eq!(run_out(b.build()), "42<closure>");
}

#[test]
fn records_fields_and_tags() {
    let mut b = ModB::new();
    b.layout("Point", LayoutKind::Struct, &[("x", Kind::Int), ("y", Kind::Float), ("name", Kind::Ref)]);
    b.func(
        "main",
        "",
        "",
        "rifrri",
        "
        LdI r1 3
        LdF r2 0.5
        LdK r3 \"p\\\"q\"
        NewRec r0 Point r1 3
        DbgR r4 r0
        CallNat r5 Print r4 1
        LdI r1 -4
        SetF r0 0 r1
        GetF r1 r0 0
        StrOfI r4 r1
        CallNat r5 Print r4 1
        Tag r5 r0
        StrOfI r4 r5
        CallNat r5 Print r4 1
        Ret0",
    );
    let m = b.build();
    let point = m.layouts.len() - 1;
    assert_eq!(run_out(m), format!("Point {{ x: 3, y: 0.5, name: \"p\\\"q\" }}-4{point}"));
}

#[test]
fn debug_text_of_every_shape() {
    let mut b = ModB::new();
    b.layout("Circle", LayoutKind::Variant { enum_name: "Shape".into(), index: 0 }, &[("0", Kind::Float), ("1", Kind::Float)]);
    b.layout("Square", LayoutKind::Variant { enum_name: "Shape".into(), index: 1 }, &[("side", Kind::Float)]);
    b.layout("Empty", LayoutKind::Struct, &[]);
    b.layout("(int, String)", LayoutKind::Tuple, &[("0", Kind::Int), ("1", Kind::Ref)]);
    b.func(
        "show",
        "r",
        "",
        "ri",
        "
        DbgR r1 r0
        CallNat r2 Print r1 1
        LdK r1 \"|\"
        CallNat r2 Print r1 1
        Ret0",
    );
    b.func(
        "main",
        "",
        "",
        "rffrirri",
        "
        LdF r1 1.0
        LdF r2 2.5
        NewRec r0 Circle r1 2
        Mov r3 r0
        Call r4 show r3 1
        NewRec r0 Square r2 1
        Mov r3 r0
        Call r4 show r3 1
        NewRec r0 Empty r0 0
        Mov r3 r0
        Call r4 show r3 1
        LdI r4 5
        NewRec r0 1 r4 1
        Mov r3 r0
        Call r4 show r3 1
        NewRec r0 0 r0 0
        Mov r3 r0
        Call r4 show r3 1
        LdI r4 7
        LdK r5 \"x\"
        NewRec r0 \"(int, String)\" r4 2
        Mov r3 r0
        Call r4 show r3 1
        NewVec r0 float r1 2
        Mov r3 r0
        Call r4 show r3 1
        NewMap r0 ref int
        Mov r5 r0
        LdK r6 \"k\"
        LdI r7 1
        CallNat r3 MapInsert r5 3
        Mov r3 r0
        Call r4 show r3 1
        LdNull r0
        Mov r3 r0
        Call r4 show r3 1
        LdI r7 9
        NewCell r0 int r7
        Mov r3 r0
        Call r4 show r3 1
        Ret0",
    );
    assert_eq!(
        run_out(b.build()),
        "Circle(1.0, 2.5)|Square { side: 2.5 }|Empty|Some(5)|None|(7, \"x\")|[1.0, 2.5]|{\"k\": 1}|null|9|"
    );
}

#[test]
fn vectors_and_vector_natives() {
    let mut b = ModB::new();
    b.func(
        "main",
        "",
        "",
        "riiirri",
        "
        LdI r1 30
        LdI r2 10
        LdI r3 20
        NewVec r0 int r1 3
        LdI r1 5
        VecPush r0 r1
        Mov r4 r0
        CallNat r6 VecSortI r4 1
        LdI r1 1
        LdI r2 99
        VecSet r0 r1 r2
        VecLen r1 r0
        StrOfI r4 r1
        CallNat r6 Print r4 1
        Mov r4 r0
        CallNat r5 VecPop r4 1
        DbgR r4 r5
        CallNat r6 Print r4 1
        DbgR r4 r0
        CallNat r6 Print r4 1
        LdI r2 3
        LdI r1 7
        VecRep r0 int r1 r2
        DbgR r4 r0
        CallNat r6 Print r4 1
        Ret0",
    );
    assert_eq!(run_out(b.build()), "4Some(30)[5, 99, 20][7, 7, 7]");
}

#[test]
fn maps_compare_string_keys_by_content() {
    let mut b = ModB::new();
    b.func(
        "main",
        "",
        "",
        "rrrirrir",
        "
        NewMap r0 ref int
        LdK r1 \"ab\"
        LdK r2 \"a\"
        LdK r7 \"b\"
        StrCat r2 r2 r7      ; a different object with the same text
        LdI r6 1
        Mov r4 r0
        Mov r5 r1
        CallNat r7 MapInsert r4 3
        LdI r6 2
        Mov r4 r0
        Mov r5 r2
        CallNat r7 MapInsert r4 3
        DbgR r5 r7
        CallNat r3 Print r5 1
        Mov r4 r0
        CallNat r3 MapLen r4 1
        StrOfI r5 r3
        CallNat r3 Print r5 1
        Mov r4 r0
        Mov r5 r1
        CallNat r7 MapGet r4 2
        DbgR r5 r7
        CallNat r3 Print r5 1
        Mov r4 r0
        LdK r5 \"zz\"
        CallNat r7 MapRemove r4 2
        DbgR r5 r7
        CallNat r3 Print r5 1
        Ret0",
    );
    assert_eq!(run_out(b.build()), "Some(1)1Some(2)None");
}

#[test]
fn map_removal_keeps_the_index_consistent() {
    // insert 0..200, remove the even keys, check every key
    let mut b = ModB::new();
    b.func(
        "main",
        "",
        "i",
        "riiiriir",
        "
        NewMap r0 int int
        LdI r1 0
      ins:
        Mov r4 r0
        Mov r5 r1
        MulI r6 r1 r1
        CallNat r7 MapInsert r4 3
        AddIK r1 r1 1
        JltIK r1 200 @ins
        LdI r1 0
      del:
        Mov r4 r0
        Mov r5 r1
        CallNat r7 MapRemove r4 2
        AddIK r1 r1 2
        JltIK r1 200 @del
        LdI r1 0
        LdI r2 0
      chk:
        Mov r4 r0
        Mov r5 r1
        CallNat r6 MapContains r4 2
        AddI r2 r2 r6
        AddIK r1 r1 1
        JltIK r1 200 @chk
        Mov r4 r0
        CallNat r6 MapLen r4 1
        MulI r6 r6 r2
        Ret r6",
    );
    assert_eq!(run_int(b.build()), 100 * 100);
}

#[test]
fn string_natives() {
    let mut b = ModB::new();
    b.func("p", "r", "", "i", "CallNat r1 Print r0 1\n Ret0");
    b.func(
        "main",
        "",
        "",
        "rrriiri",
        "
        LdK r1 \" a,b,,c \"
        CallNat r1 StrTrim r1 1
        LdK r2 \",\"
        CallNat r0 StrSplit r1 2
        LdK r2 \"+\"
        Mov r1 r0
        CallNat r0 VecJoin r1 2
        Mov r5 r0
        Call r6 p r5 1
        LdK r1 \"42\"
        CallNat r0 StrParseInt r1 1
        DbgR r5 r0
        Call r6 p r5 1
        LdK r1 \"x42\"
        CallNat r0 StrParseInt r1 1
        DbgR r5 r0
        Call r6 p r5 1
        LdK r1 \"héllo\"
        CallNat r3 StrLen r1 1
        StrOfI r5 r3
        Call r6 p r5 1
        LdK r2 \"héllo\"
        LdI r3 1
        LdI r4 3
        CallNat r5 StrSlice r2 3
        Call r6 p r5 1
        LdK r1 \"héllo\"
        CallNat r5 StrUpper r1 1
        Call r6 p r5 1
        LdK r1 \"ab\"
        LdK r2 \"b\"
        CallNat r3 StrCmp r1 2
        StrOfI r5 r3
        Call r6 p r5 1
        LdK r2 \"ab\"
        LdI r3 3
        CallNat r5 StrRepeat r2 2
        Call r6 p r5 1
        LdK r1 \"hé\"
        CallNat r0 StrChars r1 1
        DbgR r5 r0
        Call r6 p r5 1
        LdI r3 65
        StrOfC r5 r3
        Call r6 p r5 1
        LdK r1 \"2.5\"
        CallNat r0 StrParseF r1 1
        DbgR r5 r0
        Call r6 p r5 1
        Ret0",
    );
    assert_eq!(run_out(b.build()), "a+b++cSome(42)None6éHÉLLO-1ababab[104, 233]ASome(2.5)");
}

#[test]
fn globals_read_and_write() {
    let mut b = ModB::new();
    b.m.consts.push(Const::Str("hello".into()));
    b.global("COUNT", Kind::Int, GlobalInit::Int(41));
    b.global("GREETING", Kind::Ref, GlobalInit::Str(0));
    b.func(
        "main",
        "",
        "i",
        "iri",
        "
        GGet r0 COUNT
        AddIK r0 r0 1
        GSet COUNT r0
        GGet r1 GREETING
        CallNat r2 Print r1 1
        GGet r0 COUNT
        Ret r0",
    );
    let (o, h) = run(b.build());
    assert_eq!(o, Outcome::Returned(Some(42)));
    assert_eq!(h.out, "hello");
}

#[test]
fn virtual_calls_dispatch_on_the_layout() {
    let mut b = ModB::new();
    let circle = b.layout("Circle", LayoutKind::Struct, &[("r", Kind::Int)]);
    let square = b.layout("Square", LayoutKind::Struct, &[("s", Kind::Int)]);
    b.m.slots.push("Shape::area".into());
    let ca = b.func("circle_area", "r", "i", "ii", "GetF r1 r0 0\n MulI r1 r1 r1\n LdI r2 3\n MulI r1 r1 r2\n Ret r1");
    let sa = b.func("square_area", "r", "i", "i", "GetF r1 r0 0\n MulI r1 r1 r1\n Ret r1");
    b.func(
        "main",
        "",
        "i",
        "iirri",
        "
        LdI r0 2
        NewRec r2 Circle r0 1
        LdI r0 5
        NewRec r3 Square r0 1
        CallVirt r1 Shape::area r3 1
        CallVirt r0 Shape::area r2 1
        AddI r0 r0 r1
        Ret r0",
    );
    b.m.vtables.push(VTableEntry { layout: circle, slot: 0, func: ca as u32 });
    b.m.vtables.push(VTableEntry { layout: square, slot: 0, func: sa as u32 });
    assert_eq!(run_int(b.build()), 12 + 25);
}

#[test]
fn entry_arguments_arrive_as_a_string_vector() {
    let mut b = ModB::new();
    let main = b.func(
        "main",
        "r",
        "i",
        "iiri",
        "
        VecLen r1 r0
        LdI r2 1
        VecGet r3 r0 r2
        CallNat r4 Print r3 1
        Ret r1",
    );
    b.entry("main", main, true);
    let mut vm = Vm::new(b.build()).unwrap();
    let mut host = TestHost::default();
    let args = ["first".to_string(), "second".to_string()];
    assert_eq!(vm.run(0, Some(&args), &mut host), Outcome::Returned(Some(2)));
    assert_eq!(host.out, "second");
}

#[test]
fn host_natives() {
    let mut b = ModB::new();
    b.func(
        "main",
        "",
        "",
        "rrriri",
        "
        CallNat r0 ReadLine r0 0
        GetF r0 r0 0
        LdK r1 \"out.txt\"
        Mov r2 r0
        CallNat r3 WriteFile r1 2
        LdK r1 \"in.txt\"
        CallNat r0 ReadFile r1 1
        CallNat r3 Eprint r0 1
        LdI r3 1
        LdK r4 \"abcdef\"
        LdI r5 3
        CallNat r3 WriteFd r3 3
        CallNat r3 ProcessId r3 0
        StrOfI r0 r3
        CallNat r3 Print r0 1
        LdI r3 5
        CallNat r3 Exit r3 1",
    );
    let m = b.build();
    let mut vm = Vm::new(m).unwrap();
    let mut host = TestHost::default();
    host.input.push_back("typed".into());
    host.files.insert("in.txt".into(), "file text".into());
    assert_eq!(vm.run(0, None, &mut host), Outcome::Exit(5));
    assert_eq!(host.files["out.txt"], "typed");
    assert_eq!(host.err, "file text");
    assert_eq!(host.out, "abc4242");
    assert!(host.flushes > 0, "Exit flushes stdout");
}

#[test]
fn clone_is_deep_for_records_vectors_and_maps() {
    let mut b = ModB::new();
    b.layout("Box", LayoutKind::Struct, &[("items", Kind::Ref)]);
    b.func(
        "main",
        "",
        "",
        "rrrirri",
        "
        LdI r3 1
        NewVec r1 int r3 1
        NewRec r0 Box r1 1
        Mov r4 r0
        CallNat r2 Clone r4 1
        LdI r3 2
        VecPush r1 r3
        DbgR r4 r0
        CallNat r6 Print r4 1
        DbgR r4 r2
        CallNat r6 Print r4 1
        Mov r4 r0
        Mov r5 r2
        CallNat r6 RefEq r4 2
        StrOfB r4 r6
        CallNat r6 Print r4 1
        Ret0",
    );
    assert_eq!(run_out(b.build()), "Box { items: [1, 2] }Box { items: [1] }false");
}

#[test]
fn clone_preserves_cycles() {
    let mut b = ModB::new();
    b.layout("Node", LayoutKind::Struct, &[("next", Kind::Ref)]);
    b.func(
        "main",
        "",
        "i",
        "rrrrri",
        "
        LdNull r1
        NewRec r0 Node r1 1
        SetF r0 0 r0          ; a self-loop
        Mov r1 r0
        CallNat r2 Clone r1 1
        GetF r3 r2 0          ; the copy must point at itself, not at the original
        Mov r4 r2
        CallNat r5 RefEq r3 2
        Ret r5",
    );
    assert_eq!(run_int(b.build()), 1);
}

#[test]
fn signal_name_and_message() {
    let mut b = ModB::new();
    b.func(
        "main",
        "",
        "",
        "rrri",
        "
        LdK r1 \"missing.txt\"
      try:
        CallNat r0 ReadFile r1 1
        Ret0
      handler:
        Mov r1 r2
        CallNat r0 SigName r1 1
        CallNat r3 Print r0 1
        Mov r1 r2
        CallNat r0 SigMessage r1 1
        CallNat r3 Print r0 1
        DbgR r0 r2
        CallNat r3 Print r0 1
        LdI r3 0
        NewRec r1 DIVIDE_BY_ZERO r3 0
        CallNat r0 SigMessage r1 1
        CallNat r3 Print r0 1
        Ret0",
    );
    b.handler(0, "try", "handler", "handler", 2, &[builtins::IO_ERROR]);
    assert_eq!(
        run_out(b.build()),
        "IO_ERRORNo such file or directory\
         IO_ERROR { path: \"missing.txt\", error_code: 2, message: \"No such file or directory\" }DIVIDE_BY_ZERO"
    );
}

#[test]
fn math_natives() {
    let mut b = ModB::new();
    b.func(
        "main",
        "",
        "",
        "fffrii",
        "
        LdF r0 2.7
        CallNat r1 Floor r0 1
        CallNat r2 Round r0 1
        AddF r1 r1 r2
        LdF r0 -0.5
        CallNat r2 AbsF r0 1
        AddF r1 r1 r2
        StrOfF r3 r1 -1
        CallNat r4 Print r3 1
        LdI r4 3
        LdI r5 4
        CallNat r4 PowI r4 2
        StrOfI r3 r4
        CallNat r4 Print r3 1
        Ret0",
    );
    assert_eq!(run_out(b.build()), "5.581");
}

#[test]
fn void_native_results_leave_the_destination_alone() {
    let mut b = ModB::new();
    b.func("main", "", "i", "ir", "LdI r0 9\n LdK r1 \"x\"\n CallNat r0 Print r1 1\n Ret r0");
    assert_eq!(run_int(b.build()), 9);
}

#[test]
fn runs_can_repeat_on_one_vm() {
    let mut vm = Vm::new(fib_module(15)).unwrap();
    let mut host = crate::NullHost::default();
    for _ in 0..3 {
        assert_eq!(vm.run(0, None, &mut host), Outcome::Returned(Some(610)));
    }
    vm.set_limits(Limits { fuel: Some(10), ..Limits::default() });
    assert_eq!(vm.run(0, None, &mut host), Outcome::OutOfFuel);
}

/// Sums 0..10 with the loop bottom written as `cond` (entered first through `Jmp @cond`,
/// i.e. into the middle of the fused sequence), with `s` in r0, `i` in r1, `n` = 10 in r2.
fn sum_loop(step: &str, cond: &str) -> i64 {
    let mut b = ModB::new();
    b.func(
        "main",
        "",
        "i",
        "iiii",
        &format!(
            "
        LdI r0 0
        LdI r1 0
        LdI r2 10
        Jmp @cond
      body:
        AddI r0 r0 r1
        {step}
      cond:
        {cond}
      exit:
        Ret r0"
        ),
    );
    run_int(b.build())
}

#[test]
fn fused_loop_shapes_compute_the_same() {
    let inc = "AddIK r1 r1 1";
    let shapes = [
        "JleI r2 r1 @exit\n Jmp @body",           // `while i < n` as the compiler emits it
        "JgeIK r1 10 @exit\n Jmp @body",          // `while i < 10`
        "JltIK r1 10 @body\n Jmp @exit",
        "JltI r1 r2 @body\n Jmp @exit",
        "JltI r1 r2 @body\n Ret r0",              // `for i in 0..n`
        "JleI r1 r2 @more\n Jmp @exit\n more:\n JltI r1 r2 @body\n Jmp @exit",
        "JeqI r1 r2 @exit\n Jmp @body",
        "JneI r1 r2 @body\n Jmp @exit",
        "JeqIK r1 10 @exit\n Jmp @body",
        "JneIK r1 10 @body\n Jmp @exit",
        "LtI r3 r1 r2\n JmpIf r3 @body\n Jmp @exit",
        "LtI r3 r1 r2\n JmpIfNot r3 @exit\n Jmp @body",
    ];
    for cond in shapes {
        assert_eq!(sum_loop(inc, cond), 45, "{cond}");
    }
    // an increment that does not fit the fused formats, and counting down
    assert_eq!(sum_loop("AddIK r1 r1 1000\n AddIK r1 r1 -999", "JleI r2 r1 @exit\n Jmp @body"), 45);
    assert_eq!(sum_loop("AddIK r1 r1 1", "JgeIK r1 10000000000 @exit\n JleI r2 r1 @exit\n Jmp @body"), 45);
    let mut b = ModB::new();
    b.func(
        "main",
        "",
        "i",
        "iii",
        "
        LdI r0 0
        LdI r1 10
        LdI r2 0
        Jmp @cond
      body:
        AddI r0 r0 r1
        AddIK r1 r1 -1
      cond:
        JleI r1 r2 @exit
        Jmp @body
      exit:
        Ret r0",
    );
    assert_eq!(run_int(b.build()), 55);
}

#[test]
fn fused_loops_still_count_fuel() {
    let mut b = ModB::new();
    b.func("main", "", "i", "ii", "LdI r0 0\n LdI r1 5\n top:\n AddIK r0 r0 1\n JleI r1 r1 @top\n Jmp @top");
    let (o, _, _) = run_with(b.build(), Limits { fuel: Some(1000), ..Limits::default() });
    assert_eq!(o, Outcome::OutOfFuel);
}
