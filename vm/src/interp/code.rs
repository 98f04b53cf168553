//! The interpreter's own instruction format, translated from `Insn` at load time.
//!
//! Why: matching on the 16-byte `Insn` enum makes LLVM load every field shape before
//! the dispatch jump (see `shared/notes/interpreter-dispatch.md`). Here every
//! instruction is two words: `w` holds the opcode (bits 0..8) and up to three `u16`
//! operands (`a` bits 8..24, `b` 24..40, `c` 40..56) and `x` one wide operand (an
//! immediate, jump target, function, layout, native, slot or kinds). The dispatch loads
//! `w`, jumps on its low byte, and each handler extracts what it uses with shifts.
//!
//! Instruction indices are unchanged (one `Op` per `Insn`), so pcs in frames, handler
//! rows, line tables and traces mean the same thing in both formats.
//!
//! A `Jmp` to a `Ret`/`Ret0` is replaced by that return. Superinstructions, for the loop
//! shapes compilers emit: `AddIK r, r, k` directly
//! followed by `JltI r, c, t`, `JleI r, c, t` or `Jmp t`; a conditional jump followed by
//! `Jmp` (a two-way branch, the bottom of a `while` loop); and `AddIK` followed by such a
//! pair. The fused op replaces only the first instruction's slot: the others stay in
//! place, so code that jumps straight to one of them still works, and a fused op that
//! falls through skips exactly the instructions it covered.
use alloc::boxed::Box;
use alloc::vec::Vec;

use cprime_bytecode::isa::Insn;
use cprime_bytecode::module::Kind;

macro_rules! opcodes {
    ($($name:ident),* $(,)?) => {
        /// Internal opcode numbers.
        #[allow(non_upper_case_globals)]
        pub(crate) mod op {
            opcodes!(@num 0u8, $($name),*);
        }
    };
    (@num $n:expr, $name:ident $(, $rest:ident)*) => {
        pub const $name: u8 = $n;
        opcodes!(@num $n + 1u8 $(, $rest)*);
    };
    (@num $n:expr) => {};
}

opcodes! {
    Nop, Mov, LdI, LdF, LdK, LdNull, GGet, GSet,
    AddI, AddIK, SubI, MulI, DivI, RemI, MulIK, DivIK, RemIK, AndI, OrI, XorI, ShlI, ShrI, NegI, NotI, NotB,
    EqI, NeI, LtI, LeI, SExt, ZExt,
    AddF, SubF, MulF, DivF, RemF, NegF, EqF, NeF, LtF, LeF, IToF, FToI,
    Jmp, JmpIf, JmpIfNot, JltI, JleI, JeqI, JneI, JltIK, JgeIK, JeqIK, JneIK,
    // `CallMath`: a `CallNat` of a pure math native (the threaded chain runs it)
    Call, CallClo, CallVirt, CallNat, CallMath, Ret, Ret0, Raise,
    NewRec, GetF, SetF, Tag,
    NewVec, VecRep, VecGet, VecSet, VecLen, VecPush,
    StrCat, StrEq, StrOfI, StrOfF, StrOfB, StrOfC, StrOfR, DbgR, DbgT,
    MkClo, CapGet, NewCell, CellGet, CellSet,
    NewMap,
    // fused: R[a] += imm16 (in c); then jump to x if R[a] < R[b] / R[a] <= R[b] / always
    IncJlt, IncJle, IncJmp,
    // fused two-way branches `Jcc .., t1; Jmp t2`: to t1 if the condition holds, else t2
    // (t1 = low half of x, t2 = high half). Register-register: operands in a, b.
    JltI2, JleI2, JeqI2, JneI2,
    // register-immediate: register in a, the i32 immediate in bits 24..56
    JltIK2, JgeIK2, JeqIK2, JneIK2,
    JmpIf2, JmpIfNot2,
    // `AddIK r r k; Jcc ..; Jmp`: r in a, k (i8) in bits 56..64; the compare's registers in
    // b, c (`IncJltI2`, `IncJleI2`) or its i32 immediate in bits 24..56 (`*IK2`, compare
    // register = r)
    IncJltI2, IncJleI2, IncJltIK2, IncJgeIK2,
}

/// One translated instruction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Op {
    pub w: u64,
    pub x: u64,
}

impl Op {
    #[inline(always)]
    pub fn code(self) -> u8 {
        self.w as u8
    }
    #[inline(always)]
    pub fn a(self) -> usize {
        (self.w >> 8) as u16 as usize
    }
    #[inline(always)]
    pub fn b(self) -> usize {
        (self.w >> 24) as u16 as usize
    }
    #[inline(always)]
    pub fn c(self) -> usize {
        (self.w >> 40) as u16 as usize
    }
    /// `c` as a signed 16-bit immediate (fused ops).
    #[inline(always)]
    pub fn c_i16(self) -> i64 {
        (self.w >> 40) as u16 as i16 as i64
    }
    #[inline(always)]
    pub fn xs(self) -> usize {
        self.x as usize
    }
    #[inline(always)]
    pub fn imm(self) -> i64 {
        self.x as i64
    }
}

fn mk(code: u8, a: u16, b: u16, c: u16, x: u64) -> Op {
    Op { w: code as u64 | (a as u64) << 8 | (b as u64) << 24 | (c as u64) << 40, x }
}

fn kind_bits(k: Kind) -> u64 {
    k as u8 as u64
}

/// The kind stored in the low byte of `x` (or of `x >> 8`).
#[inline(always)]
pub(crate) fn kind_of(bits: u64) -> Kind {
    match bits as u8 {
        0 => Kind::Int,
        1 => Kind::Float,
        _ => Kind::Ref,
    }
}

/// A register kind for `x`: the kind, or `NO_KIND` past the function's registers (the
/// instruction then fails as it would have).
fn reg_kind_bits(regs: &[Kind], r: u16) -> u64 {
    regs.get(r as usize).map_or(NO_KIND, |k| kind_bits(*k))
}

/// `x` of a `CellGet` / `CellSet` whose register has no kind (past the registers).
const NO_KIND: u64 = 0xFF;

/// The kind `reg_kind_bits` stored (`None` for `NO_KIND`).
#[inline(always)]
pub(crate) fn reg_kind_of(bits: u64) -> Option<Kind> {
    match bits as u8 {
        0 => Some(Kind::Int),
        1 => Some(Kind::Float),
        2 => Some(Kind::Ref),
        _ => None,
    }
}

/// Translates one function's code (`regs`: its register kinds, which a cell access
/// checks against the cell's: carried in the op, so the access needs no module).
pub(crate) fn translate(code: &[Insn], regs: &[Kind]) -> Box<[Op]> {
    let mut out: Vec<Op> = code
        .iter()
        .map(|i| match *i {
            Insn::CellGet { a, c } => mk(op::CellGet, a.0, c.0, 0, reg_kind_bits(regs, a.0)),
            Insn::CellSet { c, v } => mk(op::CellSet, c.0, v.0, 0, reg_kind_bits(regs, v.0)),
            other => one(other),
        })
        .collect();
    // a jump to a return is that return (`if .. { x } else { y }` tails)
    for (pc, i) in code.iter().enumerate() {
        if let Insn::Jmp { t } = i {
            if let Some(r @ (Insn::Ret { .. } | Insn::Ret0 {})) = code.get(t.0 as usize) {
                out[pc] = one(*r);
            }
        }
    }
    // two-way branches first: the three-instruction forms below build on them
    for pc in 0..code.len().saturating_sub(1) {
        if let Insn::Jmp { t: t2 } = code[pc + 1] {
            if let Some(op) = two_way(code[pc], t2.0) {
                out[pc] = op;
            }
        }
    }
    for pc in 0..code.len().saturating_sub(2) {
        if let (Insn::AddIK { a, b, v }, Insn::Jmp { t: t2 }) = (code[pc], code[pc + 2]) {
            let Ok(k) = i8::try_from(v.0) else { continue };
            if a.0 != b.0 {
                continue;
            }
            let k = (k as u8 as u64) << 56;
            let t = |t1: u32| t1 as u64 | (t2.0 as u64) << 32;
            let fused = match code[pc + 1] {
                Insn::JltI { b, c, t: t1 } => mk(op::IncJltI2, a.0, b.0, c.0, t(t1.0)),
                Insn::JleI { b, c, t: t1 } => mk(op::IncJleI2, a.0, b.0, c.0, t(t1.0)),
                Insn::JltIK { b, v, t: t1 } if b.0 == a.0 => match i32::try_from(v.0) {
                    Ok(imm) => mk32(op::IncJltIK2, a.0, imm, t(t1.0)),
                    Err(_) => continue,
                },
                Insn::JgeIK { b, v, t: t1 } if b.0 == a.0 => match i32::try_from(v.0) {
                    Ok(imm) => mk32(op::IncJgeIK2, a.0, imm, t(t1.0)),
                    Err(_) => continue,
                },
                _ => continue,
            };
            out[pc] = Op { w: fused.w | k, x: fused.x };
        }
    }
    for pc in 0..code.len().saturating_sub(1) {
        if matches!(out[pc].code(), op::IncJltI2 | op::IncJleI2 | op::IncJltIK2 | op::IncJgeIK2) {
            continue;
        }
        if let Insn::AddIK { a, b, v } = code[pc] {
            let Ok(k) = i16::try_from(v.0) else { continue };
            if a.0 != b.0 {
                continue;
            }
            let fused = match code[pc + 1] {
                Insn::JltI { b: r, c, t } if r.0 == a.0 => mk(op::IncJlt, a.0, c.0, k as u16, t.0 as u64),
                Insn::JleI { b: r, c, t } if r.0 == a.0 => mk(op::IncJle, a.0, c.0, k as u16, t.0 as u64),
                Insn::Jmp { t } => mk(op::IncJmp, a.0, 0, k as u16, t.0 as u64),
                _ => continue,
            };
            out[pc] = fused;
        }
    }
    out.into_boxed_slice()
}

fn one(i: Insn) -> Op {
    use Insn as I;
    match i {
        I::Nop {} => mk(op::Nop, 0, 0, 0, 0),
        I::Mov { a, b } => mk(op::Mov, a.0, b.0, 0, 0),
        I::LdI { a, v } => mk(op::LdI, a.0, 0, 0, v.0 as u64),
        I::LdF { a, bits } => mk(op::LdF, a.0, 0, 0, bits.0 as u64),
        I::LdK { a, k } => mk(op::LdK, a.0, 0, 0, k.0 as u64),
        I::LdNull { a } => mk(op::LdNull, a.0, 0, 0, 0),
        I::GGet { a, g } => mk(op::GGet, a.0, 0, 0, g.0 as u64),
        I::GSet { g, v } => mk(op::GSet, 0, v.0, 0, g.0 as u64),
        I::AddI { a, b, c } => mk(op::AddI, a.0, b.0, c.0, 0),
        I::AddIK { a, b, v } => mk(op::AddIK, a.0, b.0, 0, v.0 as u64),
        I::SubI { a, b, c } => mk(op::SubI, a.0, b.0, c.0, 0),
        I::MulI { a, b, c } => mk(op::MulI, a.0, b.0, c.0, 0),
        I::DivI { a, b, c } => mk(op::DivI, a.0, b.0, c.0, 0),
        I::RemI { a, b, c } => mk(op::RemI, a.0, b.0, c.0, 0),
        I::MulIK { a, b, v } => mk(op::MulIK, a.0, b.0, 0, v.0 as u64),
        I::DivIK { a, b, v } => mk(op::DivIK, a.0, b.0, 0, v.0 as u64),
        I::RemIK { a, b, v } => mk(op::RemIK, a.0, b.0, 0, v.0 as u64),
        I::AndI { a, b, c } => mk(op::AndI, a.0, b.0, c.0, 0),
        I::OrI { a, b, c } => mk(op::OrI, a.0, b.0, c.0, 0),
        I::XorI { a, b, c } => mk(op::XorI, a.0, b.0, c.0, 0),
        I::ShlI { a, b, c } => mk(op::ShlI, a.0, b.0, c.0, 0),
        I::ShrI { a, b, c } => mk(op::ShrI, a.0, b.0, c.0, 0),
        I::NegI { a, b } => mk(op::NegI, a.0, b.0, 0, 0),
        I::NotI { a, b } => mk(op::NotI, a.0, b.0, 0, 0),
        I::NotB { a, b } => mk(op::NotB, a.0, b.0, 0, 0),
        I::EqI { a, b, c } => mk(op::EqI, a.0, b.0, c.0, 0),
        I::NeI { a, b, c } => mk(op::NeI, a.0, b.0, c.0, 0),
        I::LtI { a, b, c } => mk(op::LtI, a.0, b.0, c.0, 0),
        I::LeI { a, b, c } => mk(op::LeI, a.0, b.0, c.0, 0),
        I::SExt { a, b, bits } => mk(op::SExt, a.0, b.0, 0, bits.0 as u64),
        I::ZExt { a, b, bits } => mk(op::ZExt, a.0, b.0, 0, bits.0 as u64),
        I::AddF { a, b, c } => mk(op::AddF, a.0, b.0, c.0, 0),
        I::SubF { a, b, c } => mk(op::SubF, a.0, b.0, c.0, 0),
        I::MulF { a, b, c } => mk(op::MulF, a.0, b.0, c.0, 0),
        I::DivF { a, b, c } => mk(op::DivF, a.0, b.0, c.0, 0),
        I::RemF { a, b, c } => mk(op::RemF, a.0, b.0, c.0, 0),
        I::NegF { a, b } => mk(op::NegF, a.0, b.0, 0, 0),
        I::EqF { a, b, c } => mk(op::EqF, a.0, b.0, c.0, 0),
        I::NeF { a, b, c } => mk(op::NeF, a.0, b.0, c.0, 0),
        I::LtF { a, b, c } => mk(op::LtF, a.0, b.0, c.0, 0),
        I::LeF { a, b, c } => mk(op::LeF, a.0, b.0, c.0, 0),
        I::IToF { a, b } => mk(op::IToF, a.0, b.0, 0, 0),
        I::FToI { a, b } => mk(op::FToI, a.0, b.0, 0, 0),
        I::Jmp { t } => mk(op::Jmp, 0, 0, 0, t.0 as u64),
        I::JmpIf { c, t } => mk(op::JmpIf, c.0, 0, 0, t.0 as u64),
        I::JmpIfNot { c, t } => mk(op::JmpIfNot, c.0, 0, 0, t.0 as u64),
        I::JltI { b, c, t } => mk(op::JltI, b.0, c.0, 0, t.0 as u64),
        I::JleI { b, c, t } => mk(op::JleI, b.0, c.0, 0, t.0 as u64),
        I::JeqI { b, c, t } => mk(op::JeqI, b.0, c.0, 0, t.0 as u64),
        I::JneI { b, c, t } => mk(op::JneI, b.0, c.0, 0, t.0 as u64),
        // compare-with-immediate jumps: register in a, target in b:c (32 bits), imm in x
        I::JltIK { b, v, t } => jk(op::JltIK, b.0, t.0, v.0),
        I::JgeIK { b, v, t } => jk(op::JgeIK, b.0, t.0, v.0),
        I::JeqIK { b, v, t } => jk(op::JeqIK, b.0, t.0, v.0),
        I::JneIK { b, v, t } => jk(op::JneIK, b.0, t.0, v.0),
        I::Call { a, f, w, n } => mk(op::Call, a.0, w.0, n.0, f.0 as u64),
        I::CallClo { a, w, n } => mk(op::CallClo, a.0, w.0, n.0, 0),
        I::CallVirt { a, s, w, n } => mk(op::CallVirt, a.0, w.0, n.0, s.0 as u64),
        I::CallNat { a, x, w, n } => {
            let code = if crate::natives::is_pure_math(x.0) { op::CallMath } else { op::CallNat };
            mk(code, a.0, w.0, n.0, x.0 as u64)
        }
        I::Ret { v } => mk(op::Ret, v.0, 0, 0, 0),
        I::Ret0 {} => mk(op::Ret0, 0, 0, 0, 0),
        I::Raise { s } => mk(op::Raise, s.0, 0, 0, 0),
        I::NewRec { a, l, w, n } => mk(op::NewRec, a.0, w.0, n.0, l.0 as u64),
        I::GetF { a, o, i } => mk(op::GetF, a.0, o.0, i.0, 0),
        I::SetF { o, i, v } => mk(op::SetF, o.0, i.0, v.0, 0),
        I::Tag { a, o } => mk(op::Tag, a.0, o.0, 0, 0),
        I::NewVec { a, k, w, n } => mk(op::NewVec, a.0, w.0, n.0, kind_bits(k.0)),
        I::VecRep { a, k, v, n } => mk(op::VecRep, a.0, v.0, n.0, kind_bits(k.0)),
        I::VecGet { a, v, i } => mk(op::VecGet, a.0, v.0, i.0, 0),
        I::VecSet { v, i, x } => mk(op::VecSet, v.0, i.0, x.0, 0),
        I::VecLen { a, v } => mk(op::VecLen, a.0, v.0, 0, 0),
        I::VecPush { v, x } => mk(op::VecPush, v.0, x.0, 0, 0),
        I::StrCat { a, b, c } => mk(op::StrCat, a.0, b.0, c.0, 0),
        I::StrEq { a, b, c } => mk(op::StrEq, a.0, b.0, c.0, 0),
        I::StrOfI { a, b } => mk(op::StrOfI, a.0, b.0, 0, 0),
        I::StrOfF { a, b, p } => mk(op::StrOfF, a.0, b.0, 0, p.0 as u64),
        I::StrOfB { a, b } => mk(op::StrOfB, a.0, b.0, 0, 0),
        I::StrOfC { a, b } => mk(op::StrOfC, a.0, b.0, 0, 0),
        I::StrOfR { a, b } => mk(op::StrOfR, a.0, b.0, 0, 0),
        I::DbgR { a, b } => mk(op::DbgR, a.0, b.0, 0, 0),
        I::DbgT { a, b, s } => mk(op::DbgT, a.0, b.0, 0, s.0 as u64),
        I::MkClo { a, f, w, n } => mk(op::MkClo, a.0, w.0, n.0, f.0 as u64),
        I::CapGet { a, i } => mk(op::CapGet, a.0, i.0, 0, 0),
        I::NewCell { a, k, v } => mk(op::NewCell, a.0, v.0, 0, kind_bits(k.0)),
        // (`translate` gives these their register's kind)
        I::CellGet { a, c } => mk(op::CellGet, a.0, c.0, 0, NO_KIND),
        I::CellSet { c, v } => mk(op::CellSet, c.0, v.0, 0, NO_KIND),
        I::NewMap { a, k, v } => mk(op::NewMap, a.0, 0, 0, kind_bits(k.0) | kind_bits(v.0) << 8),
    }
}

/// `Jcc .., t1` followed by `Jmp t2` as one op, if the condition fits the format.
fn two_way(i: Insn, t2: u32) -> Option<Op> {
    let t = |t1: u32| t1 as u64 | (t2 as u64) << 32;
    let imm = |v: i64| i32::try_from(v).ok();
    Some(match i {
        Insn::JltI { b, c, t: t1 } => mk(op::JltI2, b.0, c.0, 0, t(t1.0)),
        Insn::JleI { b, c, t: t1 } => mk(op::JleI2, b.0, c.0, 0, t(t1.0)),
        Insn::JeqI { b, c, t: t1 } => mk(op::JeqI2, b.0, c.0, 0, t(t1.0)),
        Insn::JneI { b, c, t: t1 } => mk(op::JneI2, b.0, c.0, 0, t(t1.0)),
        Insn::JltIK { b, v, t: t1 } => mk32(op::JltIK2, b.0, imm(v.0)?, t(t1.0)),
        Insn::JgeIK { b, v, t: t1 } => mk32(op::JgeIK2, b.0, imm(v.0)?, t(t1.0)),
        Insn::JeqIK { b, v, t: t1 } => mk32(op::JeqIK2, b.0, imm(v.0)?, t(t1.0)),
        Insn::JneIK { b, v, t: t1 } => mk32(op::JneIK2, b.0, imm(v.0)?, t(t1.0)),
        Insn::JmpIf { c, t: t1 } => mk(op::JmpIf2, c.0, 0, 0, t(t1.0)),
        Insn::JmpIfNot { c, t: t1 } => mk(op::JmpIfNot2, c.0, 0, 0, t(t1.0)),
        _ => return None,
    })
}

/// Register in `a`, an i32 immediate in bits 24..56.
fn mk32(code: u8, a: u16, imm: i32, x: u64) -> Op {
    Op { w: code as u64 | (a as u64) << 8 | (imm as u32 as u64) << 24, x }
}

/// Compare-with-immediate jump: register in `a`, target in bits 24..56, immediate in `x`.
fn jk(code: u8, b: u16, t: u32, v: i64) -> Op {
    Op { w: code as u64 | (b as u64) << 8 | (t as u64) << 24, x: v as u64 }
}

impl Op {
    /// Taken target of a two-way branch.
    #[inline(always)]
    pub fn t1(self) -> usize {
        self.x as u32 as usize
    }
    /// Not-taken target of a two-way branch.
    #[inline(always)]
    pub fn t2(self) -> usize {
        (self.x >> 32) as u32 as usize
    }
    /// The i32 immediate in bits 24..56.
    #[inline(always)]
    pub fn imm32(self) -> i64 {
        (self.w >> 24) as u32 as i32 as i64
    }
    /// The i8 increment in bits 56..64.
    #[inline(always)]
    pub fn k8(self) -> i64 {
        (self.w >> 56) as u8 as i8 as i64
    }
    /// The target of a compare-with-immediate jump.
    #[inline(always)]
    pub fn jk_target(self) -> usize {
        (self.w >> 24) as u32 as usize
    }
}
