//! The instruction set, defined once.
//!
//! `for_each_op!` is the one table of opcodes: name, a one-line description in register
//! notation, and typed operands. The `Insn` enum, the binary encoding, the operand visitor
//! the verifier uses, the disassembler and `docs/bytecode.md` are all generated from it, so
//! adding an opcode fails to compile until the interpreter handles it.
//!
//! Notation: `R[x]` is register x of the current frame; `K[k]` constant k; registers have
//! one kind each for the whole function (`int` = i64/bool/char, `float` = f64,
//! `ref` = heap handle). Integer arithmetic wraps. A *window* `w..w+n` is a run of
//! registers holding call arguments; the callee's frame starts at `w`, and the result is
//! written to the call's destination register `a` (of the callee's return kind; ignored
//! for callees that return nothing) when the callee returns.
use crate::wire::{Reader, Result, Writer};
use crate::module::Kind;

/// One decoded operand, as the verifier and disassembler see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// A register read; `None` kind means "any kind, constrained by the opcode's rule".
    Read(Option<Kind>, u16),
    /// A register write.
    Write(Option<Kind>, u16),
    /// First register of a call/construction window.
    Window(u16),
    Count(u16),
    Imm(i64),
    Const(u32),
    Target(u32),
    Func(u32),
    Layout(u32),
    Native(u16),
    Global(u32),
    Slot(u32),
    /// An index into `Module::shapes`.
    Shape(u32),
    KindOp(Kind),
}

/// Operand types: each knows its encoding and how the verifier sees it.
pub trait OperandType: Copy + Sized {
    /// Short name used in the docs' operand column.
    const FORMAT: &'static str;
    fn write(self, w: &mut Writer);
    fn read(r: &mut Reader) -> Result<Self>;
    fn operand(self) -> Operand;
    /// Lets a pass replace a register or jump target: `f` sees the operand and returns
    /// the new register number or target, or `None` to keep it. Other operands ignore it.
    fn rewrite(&mut self, _f: &mut dyn FnMut(Operand) -> Option<u32>) {}
}

macro_rules! reg_operand {
    ($($name:ident = $fmt:literal, $ctor:ident, $kind:expr;)*) => {$(
        #[doc = concat!("Register operand (", $fmt, ").")]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $name(pub u16);
        impl OperandType for $name {
            const FORMAT: &'static str = $fmt;
            fn write(self, w: &mut Writer) { w.uleb(self.0 as u64) }
            fn read(r: &mut Reader) -> Result<Self> { Ok($name(r.bounded(u16::MAX as u64, "register")? as u16)) }
            fn operand(self) -> Operand { Operand::$ctor($kind, self.0) }
            fn rewrite(&mut self, f: &mut dyn FnMut(Operand) -> Option<u32>) {
                if let Some(v) = f(self.operand()) { self.0 = v as u16 }
            }
        }
    )*};
}
reg_operand! {
    Ri = "int reg", Read, Some(Kind::Int);
    Rf = "float reg", Read, Some(Kind::Float);
    Rr = "ref reg", Read, Some(Kind::Ref);
    Rx = "reg", Read, None;
    Wi = "int reg (out)", Write, Some(Kind::Int);
    Wf = "float reg (out)", Write, Some(Kind::Float);
    Wr = "ref reg (out)", Write, Some(Kind::Ref);
    Wx = "reg (out)", Write, None;
}

macro_rules! index_operand {
    ($($name:ident($ty:ty) = $fmt:literal, $ctor:ident;)*) => {$(
        #[doc = concat!("Index operand (", $fmt, ").")]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $name(pub $ty);
        impl OperandType for $name {
            const FORMAT: &'static str = $fmt;
            fn write(self, w: &mut Writer) { w.uleb(self.0 as u64) }
            fn read(r: &mut Reader) -> Result<Self> { Ok($name(r.bounded(<$ty>::MAX as u64, $fmt)? as $ty)) }
            fn operand(self) -> Operand { Operand::$ctor(self.0) }
            fn rewrite(&mut self, f: &mut dyn FnMut(Operand) -> Option<u32>) {
                if let Some(v) = f(self.operand()) { self.0 = v as $ty }
            }
        }
    )*};
}
index_operand! {
    Win(u16) = "window", Window;
    N(u16) = "count", Count;
    K(u32) = "const", Const;
    Tgt(u32) = "target", Target;
    Fun(u32) = "function", Func;
    Lay(u32) = "layout", Layout;
    Nat(u16) = "native", Native;
    Glb(u32) = "global", Global;
    Slot(u32) = "method slot", Slot;
    Shp(u32) = "shape", Shape;
}

/// A signed immediate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Imm(pub i64);
impl OperandType for Imm {
    const FORMAT: &'static str = "imm";
    fn write(self, w: &mut Writer) { w.sleb(self.0) }
    fn read(r: &mut Reader) -> Result<Self> { Ok(Imm(r.sleb()?)) }
    fn operand(self) -> Operand { Operand::Imm(self.0) }
}

/// A register kind given explicitly (element kind of a new vector, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kd(pub Kind);
impl OperandType for Kd {
    const FORMAT: &'static str = "kind";
    fn write(self, w: &mut Writer) { w.u8(self.0 as u8) }
    fn read(r: &mut Reader) -> Result<Self> {
        match Kind::from_u8(r.u8()?) { Some(k) => Ok(Kd(k)), None => r.err("bad kind byte") }
    }
    fn operand(self) -> Operand { Operand::KindOp(self.0) }
}

/// The opcode table. Each row: `Name "R[a] := ..." { operand: Type, .. }`.
/// Rows are grouped; the order is the encoding order (opcode byte = row index), so append
/// new opcodes at the end of a release and bump `format::VERSION` when changing it.
#[macro_export]
macro_rules! for_each_op {
    ($m:ident) => { $m! {
        // -- moves and constants
        Nop      "no operation"                                     {},
        Mov      "R[a] := R[b] (same kind)"                          { a: Wx, b: Rx },
        LdI      "R[a] := imm"                                       { a: Wi, v: Imm },
        LdF      "R[a] := f64 from bits imm"                         { a: Wf, bits: Imm },
        LdK      "R[a] := string constant K[k]"                      { a: Wr, k: K },
        LdNull   "R[a] := null reference"                            { a: Wr },
        GGet     "R[a] := global G[g] (same kind)"                   { a: Wx, g: Glb },
        GSet     "G[g] := R[v] (same kind)"                          { g: Glb, v: Rx },
        // -- integer arithmetic (wrapping) and comparison (result 0 or 1)
        AddI     "R[a] := R[b] + R[c]"                               { a: Wi, b: Ri, c: Ri },
        AddIK    "R[a] := R[b] + imm"                                { a: Wi, b: Ri, v: Imm },
        SubI     "R[a] := R[b] - R[c]"                               { a: Wi, b: Ri, c: Ri },
        MulI     "R[a] := R[b] * R[c]"                               { a: Wi, b: Ri, c: Ri },
        DivI     "R[a] := R[b] / R[c]; raises DIVIDE_BY_ZERO"         { a: Wi, b: Ri, c: Ri },
        RemI     "R[a] := R[b] % R[c]; raises DIVIDE_BY_ZERO"         { a: Wi, b: Ri, c: Ri },
        MulIK    "R[a] := R[b] * imm"                                { a: Wi, b: Ri, v: Imm },
        DivIK    "R[a] := R[b] / imm (imm != 0, checked on load)"    { a: Wi, b: Ri, v: Imm },
        RemIK    "R[a] := R[b] % imm (imm != 0, checked on load)"    { a: Wi, b: Ri, v: Imm },
        AndI     "R[a] := R[b] & R[c]"                               { a: Wi, b: Ri, c: Ri },
        OrI      "R[a] := R[b] | R[c]"                               { a: Wi, b: Ri, c: Ri },
        XorI     "R[a] := R[b] ^ R[c]"                               { a: Wi, b: Ri, c: Ri },
        ShlI     "R[a] := R[b] << (R[c] & 63)"                       { a: Wi, b: Ri, c: Ri },
        ShrI     "R[a] := R[b] >> (R[c] & 63) (arithmetic)"          { a: Wi, b: Ri, c: Ri },
        NegI     "R[a] := -R[b]"                                     { a: Wi, b: Ri },
        NotI     "R[a] := !R[b] (bitwise)"                           { a: Wi, b: Ri },
        NotB     "R[a] := R[b] == 0 (logical not)"                   { a: Wi, b: Ri },
        EqI      "R[a] := R[b] == R[c]"                              { a: Wi, b: Ri, c: Ri },
        NeI      "R[a] := R[b] != R[c]"                              { a: Wi, b: Ri, c: Ri },
        LtI      "R[a] := R[b] < R[c]"                               { a: Wi, b: Ri, c: Ri },
        LeI      "R[a] := R[b] <= R[c]"                              { a: Wi, b: Ri, c: Ri },
        SExt     "R[a] := R[b] sign-extended from its low imm bits"  { a: Wi, b: Ri, bits: Imm },
        ZExt     "R[a] := R[b] zero-extended from its low imm bits"  { a: Wi, b: Ri, bits: Imm },
        // -- float arithmetic and comparison
        AddF     "R[a] := R[b] + R[c]"                               { a: Wf, b: Rf, c: Rf },
        SubF     "R[a] := R[b] - R[c]"                               { a: Wf, b: Rf, c: Rf },
        MulF     "R[a] := R[b] * R[c]"                               { a: Wf, b: Rf, c: Rf },
        DivF     "R[a] := R[b] / R[c] (IEEE)"                        { a: Wf, b: Rf, c: Rf },
        RemF     "R[a] := R[b] % R[c] (IEEE)"                        { a: Wf, b: Rf, c: Rf },
        NegF     "R[a] := -R[b]"                                     { a: Wf, b: Rf },
        EqF      "R[a] := R[b] == R[c]"                              { a: Wi, b: Rf, c: Rf },
        NeF      "R[a] := R[b] != R[c]"                              { a: Wi, b: Rf, c: Rf },
        LtF      "R[a] := R[b] < R[c]"                               { a: Wi, b: Rf, c: Rf },
        LeF      "R[a] := R[b] <= R[c]"                              { a: Wi, b: Rf, c: Rf },
        IToF     "R[a] := R[b] as f64"                               { a: Wf, b: Ri },
        FToI     "R[a] := R[b] as i64 (saturating, NaN = 0)"         { a: Wi, b: Rf },
        // -- control flow (targets are instruction indices)
        Jmp      "pc := t"                                           { t: Tgt },
        JmpIf    "if R[c] != 0 { pc := t }"                          { c: Ri, t: Tgt },
        JmpIfNot "if R[c] == 0 { pc := t }"                          { c: Ri, t: Tgt },
        JltI     "if R[b] < R[c] { pc := t }"                        { b: Ri, c: Ri, t: Tgt },
        JleI     "if R[b] <= R[c] { pc := t }"                       { b: Ri, c: Ri, t: Tgt },
        JeqI     "if R[b] == R[c] { pc := t }"                       { b: Ri, c: Ri, t: Tgt },
        JneI     "if R[b] != R[c] { pc := t }"                       { b: Ri, c: Ri, t: Tgt },
        JltIK    "if R[b] < imm { pc := t }"                         { b: Ri, v: Imm, t: Tgt },
        JgeIK    "if R[b] >= imm { pc := t }"                        { b: Ri, v: Imm, t: Tgt },
        JeqIK    "if R[b] == imm { pc := t }"                        { b: Ri, v: Imm, t: Tgt },
        JneIK    "if R[b] != imm { pc := t }"                        { b: Ri, v: Imm, t: Tgt },
        // -- calls and signals
        Call     "R[a] := F[f](R[w..w+n]); callee frame starts at w"  { a: Wx, f: Fun, w: Win, n: N },
        CallClo  "R[a] := closure R[w] applied to R[w+1..w+1+n] (callee R[0] = closure)" { a: Wx, w: Win, n: N },
        CallVirt "R[a] := method s of R[w]'s layout applied to R[w..w+n]" { a: Wx, s: Slot, w: Win, n: N },
        CallNat  "R[a] := native x(R[w..w+n])"                       { a: Wx, x: Nat, w: Win, n: N },
        Ret      "return R[v]"                                       { v: Rx },
        Ret0     "return (no value)"                                 {},
        Raise    "raise the signal object R[s]"                      { s: Rr },
        // -- records: structs, enum variants, tuples, signal values
        NewRec   "R[a] := new record of layout l from R[w..w+n]"     { a: Wr, l: Lay, w: Win, n: N },
        GetF     "R[a] := R[o].field[i]"                             { a: Wx, o: Rr, i: N },
        SetF     "R[o].field[i] := R[v]"                             { o: Rr, i: N, v: Rx },
        Tag      "R[a] := layout id of record R[o]"                  { a: Wi, o: Rr },
        // -- vectors
        NewVec   "R[a] := new vector of kind k from R[w..w+n]"       { a: Wr, k: Kd, w: Win, n: N },
        VecRep   "R[a] := vector of R[n] copies of R[v] (kind k; records, vectors, maps deep-copied)"    { a: Wr, k: Kd, v: Rx, n: Ri },
        VecGet   "R[a] := R[v][R[i]]; raises INDEX_ERROR"            { a: Wx, v: Rr, i: Ri },
        VecSet   "R[v][R[i]] := R[x]; raises INDEX_ERROR"            { v: Rr, i: Ri, x: Rx },
        VecLen   "R[a] := length of vector R[v]"                     { a: Wi, v: Rr },
        VecPush  "append R[x] to vector R[v]"                        { v: Rr, x: Rx },
        // -- strings (immutable) and formatting
        StrCat   "R[a] := R[b] ++ R[c]"                              { a: Wr, b: Rr, c: Rr },
        StrEq    "R[a] := string R[b] equals string R[c]"            { a: Wi, b: Rr, c: Rr },
        StrOfI   "R[a] := decimal text of R[b]"                      { a: Wr, b: Ri },
        StrOfF   "R[a] := text of R[b] (imm digits after point; -1 shortest `{}`, -2 debug `{:?}`)" { a: Wr, b: Rf, p: Imm },
        StrOfB   "R[a] := \"true\" or \"false\""                     { a: Wr, b: Ri },
        StrOfC   "R[a] := the char with code point R[b]"             { a: Wr, b: Ri },
        StrOfR   "R[a] := display text of object R[b]"               { a: Wr, b: Rr },
        DbgR     "R[a] := debug text ({:?}) of object R[b]"          { a: Wr, b: Rr },
        // -- closures and shared variables
        MkClo    "R[a] := closure of F[f] capturing R[w..w+n] (of F[f]'s capture kinds)" { a: Wr, f: Fun, w: Win, n: N },
        CapGet   "R[a] := capture i of the running closure (R[0]; of its capture kind)" { a: Wx, i: N },
        NewCell  "R[a] := new cell holding R[v] (kind k)"            { a: Wr, k: Kd, v: Rx },
        CellGet  "R[a] := contents of cell R[c]"                     { a: Wx, c: Rr },
        CellSet  "contents of cell R[c] := R[v]"                     { c: Rr, v: Rx },
        // -- maps
        NewMap   "R[a] := new map with key kind k and value kind v"  { a: Wr, k: Kd, v: Kd },
        // -- formatting by static type
        DbgT     "R[a] := debug text ({:?}) of object R[b], read as shape s" { a: Wr, b: Rr, s: Shp },
    } };
}

macro_rules! define_insns {
    ($($name:ident $doc:literal { $($f:ident : $t:ident),* }),* $(,)?) => {
        /// A decoded instruction. Built once at load time; the interpreter matches on it.
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub enum Insn { $( #[doc = $doc] $name { $($f: $t),* } ),* }

        /// Static description of one opcode, for docs and the disassembler.
        pub struct OpInfo {
            pub name: &'static str,
            pub doc: &'static str,
            pub operands: &'static [(&'static str, &'static str)],
        }

        /// Every opcode in encoding order.
        pub const OPCODES: &[OpInfo] = &[
            $( OpInfo { name: stringify!($name), doc: $doc,
                        operands: &[ $( (stringify!($f), <$t as OperandType>::FORMAT) ),* ] } ),*
        ];

        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u8)]
        enum Code { $($name),* }

        impl Insn {
            /// The opcode byte.
            pub fn opcode(&self) -> u8 {
                match self { $( Insn::$name { .. } => Code::$name as u8 ),* }
            }
            pub fn name(&self) -> &'static str { OPCODES[self.opcode() as usize].name }

            pub fn encode(&self, w: &mut Writer) {
                w.u8(self.opcode());
                match *self { $( Insn::$name { $($f),* } => { $( $f.write(w); )* } ),* }
            }

            pub fn decode(r: &mut Reader) -> Result<Insn> {
                let op = r.u8()?;
                $( if op == Code::$name as u8 {
                    $( let $f = <$t as OperandType>::read(r)?; )*
                    return Ok(Insn::$name { $($f),* });
                } )*
                r.err(alloc::format!("unknown opcode {op}"))
            }

            /// Rewrites registers and targets in place (see `OperandType::rewrite`).
            pub fn rewrite_operands(&mut self, mut visit: impl FnMut(Operand) -> Option<u32>) {
                match self { $( Insn::$name { $($f),* } => { $( $f.rewrite(&mut visit); )* } ),* }
            }

            /// Visits the operands in table order, with their field names.
            pub fn operands(&self, mut visit: impl FnMut(&'static str, Operand)) {
                match *self { $( Insn::$name { $($f),* } => { $( visit(stringify!($f), $f.operand()); )* } ),* }
            }
        }
    };
}
for_each_op!(define_insns);

impl Insn {
    /// The registers an instruction reads as a window, `(first, count)`: call arguments
    /// (a closure call's closure included), a new record's fields, a new vector's items,
    /// a closure's captures. The verifier checks the window fits; liveness reads it.
    pub fn window(&self) -> Option<(u16, usize)> {
        match *self {
            Insn::Call { w, n, .. }
            | Insn::CallVirt { w, n, .. }
            | Insn::CallNat { w, n, .. }
            | Insn::NewRec { w, n, .. }
            | Insn::NewVec { w, n, .. }
            | Insn::MkClo { w, n, .. } => Some((w.0, n.0 as usize)),
            Insn::CallClo { w, n, .. } => Some((w.0, n.0 as usize + 1)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn every_opcode_roundtrips() {
        let samples = [
            Insn::Nop {},
            Insn::AddI { a: Wi(1), b: Ri(2), c: Ri(300) },
            Insn::LdI { a: Wi(0), v: Imm(-5) },
            Insn::NewVec { a: Wr(3), k: Kd(Kind::Float), w: Win(4), n: N(2) },
            Insn::NewMap { a: Wr(3), k: Kd(Kind::Ref), v: Kd(Kind::Int) },
        ];
        for i in samples {
            let mut w = Writer::default();
            i.encode(&mut w);
            let mut r = Reader::new(&w.bytes);
            assert_eq!(Insn::decode(&mut r).unwrap(), i);
            assert!(r.at_end());
        }
    }
    #[test]
    fn opcode_table_is_dense_and_documented() {
        assert!(OPCODES.len() < 256);
        for (i, op) in OPCODES.iter().enumerate() {
            assert!(!op.doc.is_empty(), "opcode {i} undocumented");
        }
        assert!(Insn::decode(&mut Reader::new(&[255])).is_err());
    }
}
