//! The verifier: everything the interpreter relies on, checked once at load.
//!
//! **Architecture Invariant:** a module that passes `verify` cannot make the interpreter
//! index out of bounds or run off the end of a function: every register operand is in
//! range and of the kind its opcode needs, every window fits the frame, every jump and
//! handler target is an instruction, every function ends in a terminator, and every
//! constant, function, layout, global, slot and native exists. What it cannot know
//! statically (the object behind a handle, a record's field index) the interpreter
//! checks at run time.
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use cprime_bytecode::builtins;
use cprime_bytecode::isa::{Insn, Operand};
use cprime_bytecode::module::{Except, Function, GlobalInit, Kind, LayoutKind, Module, Shape};
use cprime_bytecode::natives::{NArg, NRet, NATIVES};

/// Why a module was rejected, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    pub function: Option<String>,
    pub pc: Option<u32>,
    pub message: String,
}

/// What a module that cannot be loaded for want of memory says (not a verification
/// failure: the bytecode may be fine).
const OUT_OF_MEMORY: &str = "out of memory while loading the module";

impl VerifyError {
    pub fn out_of_memory() -> VerifyError {
        VerifyError { function: None, pc: None, message: String::from(OUT_OF_MEMORY) }
    }

    /// Whether the module was not loaded for want of memory, rather than refused.
    pub fn is_out_of_memory(&self) -> bool {
        self.function.is_none() && self.pc.is_none() && self.message == OUT_OF_MEMORY
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.function, self.pc) {
            (Some(func), Some(pc)) => write!(f, "function `{func}` at pc {pc}: {}", self.message),
            (Some(func), None) => write!(f, "function `{func}`: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

type R = Result<(), VerifyError>;

fn module_err(message: String) -> VerifyError {
    VerifyError { function: None, pc: None, message }
}

/// Checks a whole module.
pub fn verify(m: &Module) -> R {
    builtin_layouts(m)?;
    for (i, l) in m.layouts.iter().enumerate() {
        if l.fields.len() > u16::MAX as usize {
            return Err(module_err(format!("layout #{i} `{}` has {} fields (at most 65535)", l.name, l.fields.len())));
        }
    }
    globals(m)?;
    shapes(m)?;
    let by_slot = vtables(m)?;
    if m.functions.len() > u32::MAX as usize {
        return Err(module_err(String::from("too many functions")));
    }
    for f in &m.functions {
        FnCheck { m, f, by_slot: &by_slot, pc: None }.function()?;
    }
    for e in &m.entries {
        let Some(f) = m.functions.get(e.func as usize) else {
            return Err(module_err(format!("entry `{}` names function #{}, which does not exist", e.name, e.func)));
        };
        let want: &[Kind] = if e.takes_args { &[Kind::Ref] } else { &[] };
        if f.params != want {
            return Err(module_err(format!(
                "entry `{}`: function `{}` takes {} parameters; an entry takes {}",
                e.name,
                f.name,
                f.params.len(),
                if e.takes_args { "exactly `args: &[String]`" } else { "none" }
            )));
        }
    }
    for e in &m.entries {
        if let Some(c) = e.cleanup {
            match m.functions.get(c as usize) {
                Some(f) if f.params.is_empty() => {}
                _ => return Err(module_err(format!("entry `{}`: cleanup #{c} is not a function without parameters", e.name))),
            }
        }
    }
    for t in &m.tests {
        if t.func as usize >= m.functions.len() {
            return Err(module_err(format!("test `{}` names function #{}, which does not exist", t.name, t.func)));
        }
    }
    Ok(())
}

fn builtin_layouts(m: &Module) -> R {
    let want = builtins::layouts();
    if m.layouts.len() < want.len() {
        return Err(module_err(format!(
            "the module has {} layouts, but the {} builtin layouts must come first",
            m.layouts.len(),
            want.len()
        )));
    }
    for (i, (got, want)) in m.layouts.iter().zip(&want).enumerate() {
        if got != want {
            return Err(module_err(format!("layout #{i} must be the builtin layout `{}` (found `{}`)", want.name, got.name)));
        }
    }
    Ok(())
}

fn is_signal(m: &Module, id: u32) -> bool {
    m.layout(id).is_some_and(|l| l.kind == LayoutKind::Signal)
}

fn globals(m: &Module) -> R {
    for g in &m.globals {
        let ok = match (&g.init, g.kind) {
            (GlobalInit::Int(_), Kind::Int) | (GlobalInit::Float(_), Kind::Float) | (GlobalInit::Null, Kind::Ref) => true,
            (GlobalInit::Str(k), Kind::Ref) => {
                if *k as usize >= m.consts.len() {
                    return Err(module_err(format!(
                        "global `{}`: constant k{k} out of range ({} constants)",
                        g.name,
                        m.consts.len()
                    )));
                }
                true
            }
            _ => false,
        };
        if !ok {
            return Err(module_err(format!("global `{}` of kind {} has an initializer of another kind", g.name, g.kind.name())));
        }
    }
    Ok(())
}

/// Checks the vtable rows; returns, per slot, the functions that implement it.
/// Every index a shape holds names a shape or layout that exists, and a record shape
/// describes no more fields than its layout has (a cycle is fine: the printer stops at
/// its depth limit, as it does for deep data).
fn shapes(m: &Module) -> R {
    let n = m.shapes.len();
    let shape = |i: u32| {
        if (i as usize) < n {
            Ok(())
        } else {
            Err(module_err(format!("a shape names shape #{i}, which does not exist ({n} shapes)")))
        }
    };
    for &(l, s) in &m.record_shapes {
        if m.layout(l).is_none() {
            return Err(module_err(format!("a record shape names layout #{l}, which does not exist")));
        }
        shape(s)?;
    }
    for s in &m.shapes {
        match s {
            Shape::Plain | Shape::Bool | Shape::Char | Shape::Unit | Shape::Duration | Shape::Unsigned => {}
            Shape::Items(i) => shape(*i)?,
            Shape::Entries(k, v) => {
                shape(*k)?;
                shape(*v)?;
            }
            Shape::Records(rs) => {
                for (l, fields) in rs {
                    let Some(layout) = m.layout(*l) else {
                        return Err(module_err(format!("a shape names layout #{l}, which does not exist")));
                    };
                    if fields.len() > layout.fields.len() {
                        return Err(module_err(format!(
                            "a shape describes {} fields of layout #{l} `{}`, which has {}",
                            fields.len(),
                            layout.name,
                            layout.fields.len()
                        )));
                    }
                    for &f in fields {
                        shape(f)?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn vtables(m: &Module) -> Result<Vec<Vec<u32>>, VerifyError> {
    let mut by_slot = vec![Vec::new(); m.slots.len()];
    let mut seen: hashbrown::HashSet<(u32, u32), crate::map::FxBuild> = hashbrown::HashSet::with_hasher(crate::map::FxBuild);
    for v in &m.vtables {
        if m.layout(v.layout).is_none() {
            return Err(module_err(format!("vtable row names layout #{}, which does not exist", v.layout)));
        }
        let Some(f) = m.functions.get(v.func as usize) else {
            return Err(module_err(format!("vtable row names function #{}, which does not exist", v.func)));
        };
        let Some(list) = by_slot.get_mut(v.slot as usize) else {
            return Err(module_err(format!("vtable row names method slot {}, out of range ({} slots)", v.slot, m.slots.len())));
        };
        if f.params.first() != Some(&Kind::Ref) {
            return Err(module_err(format!("method `{}` must take its receiver (ref) as parameter 0", f.name)));
        }
        if !seen.insert((v.layout, v.slot)) {
            return Err(module_err(format!("two vtable rows for layout #{} and slot {}", v.layout, v.slot)));
        }
        list.push(v.func);
    }
    Ok(by_slot)
}

/// Is this instruction allowed to end a function (control never falls off it)?
fn is_terminator(i: &Insn) -> bool {
    match i {
        Insn::Jmp { .. } | Insn::Ret { .. } | Insn::Ret0 {} | Insn::Raise { .. } => true,
        Insn::CallNat { x, .. } => NATIVES.get(x.0 as usize).is_some_and(|n| n.ret == NRet::Never),
        _ => false,
    }
}

struct FnCheck<'a> {
    m: &'a Module,
    f: &'a Function,
    by_slot: &'a [Vec<u32>],
    pc: Option<u32>,
}

impl FnCheck<'_> {
    fn err(&self, message: String) -> VerifyError {
        VerifyError { function: Some(self.f.name.clone()), pc: self.pc, message }
    }

    fn reg(&self, r: usize) -> Result<Kind, VerifyError> {
        self.f.regs.get(r).copied().ok_or_else(|| {
            self.err(format!("register r{r} out of range (function has {} registers)", self.f.regs.len()))
        })
    }

    fn kind_is(&self, r: usize, want: Kind, what: &str) -> R {
        let got = self.reg(r)?;
        if got != want {
            return Err(self.err(format!("{what}: register r{r} is {}, expected {}", got.name(), want.name())));
        }
        Ok(())
    }

    /// Registers `w..w+n` must exist.
    fn window(&self, w: u16, n: usize) -> R {
        if w as usize + n > self.f.regs.len() {
            return Err(self.err(format!(
                "window r{w}..r{} out of range (function has {} registers)",
                w as usize + n,
                self.f.regs.len()
            )));
        }
        Ok(())
    }

    fn function(&mut self) -> R {
        let f = self.f;
        if f.regs.len() > u16::MAX as usize {
            return Err(self.err(format!("{} registers (at most 65535)", f.regs.len())));
        }
        if f.params.len() > f.regs.len() {
            return Err(self.err(format!("{} parameters but only {} registers", f.params.len(), f.regs.len())));
        }
        for (i, (p, r)) in f.params.iter().zip(&f.regs).enumerate() {
            if p != r {
                return Err(self.err(format!("parameter {i} is {} but register r{i} is {}", p.name(), r.name())));
            }
        }
        if f.file as usize >= self.m.files.len() {
            return Err(self.err(format!("file index {} out of range ({} files)", f.file, self.m.files.len())));
        }
        let Some(last) = f.code.last() else {
            return Err(self.err(String::from("function has no code")));
        };
        if f.code.len() > u32::MAX as usize {
            return Err(self.err(String::from("too many instructions")));
        }
        for (pc, insn) in f.code.iter().enumerate() {
            self.pc = Some(pc as u32);
            self.operands(insn)?;
            self.rules(insn)?;
        }
        if !is_terminator(last) {
            self.pc = Some(f.code.len() as u32 - 1);
            return Err(self.err(format!(
                "the last instruction must be Jmp, Ret, Ret0, Raise or a call of a native that never returns (found {})",
                last.name()
            )));
        }
        self.pc = None;
        self.handlers()?;
        if f.lines.windows(2).any(|w| w[0].0 > w[1].0) {
            return Err(self.err(String::from("line table is not sorted by pc")));
        }
        if let Except::List(list) = &f.except {
            for &s in list {
                if !is_signal(self.m, s) {
                    return Err(self.err(format!("except list names layout #{s}, which is not a signal")));
                }
            }
        }
        Ok(())
    }

    fn handlers(&self) -> R {
        let len = self.f.code.len();
        for (k, h) in self.f.handlers.iter().enumerate() {
            if h.start > h.end || h.end as usize > len {
                return Err(self.err(format!("handler {k}: range {}..{} is not within the code ({len} instructions)", h.start, h.end)));
            }
            if h.target as usize >= len {
                return Err(self.err(format!("handler {k}: target {} out of range (code has {len} instructions)", h.target)));
            }
            self.kind_is(h.reg as usize, Kind::Ref, &format!("handler {k}"))?;
            for &s in &h.signals {
                if !is_signal(self.m, s) {
                    return Err(self.err(format!("handler {k}: layout #{s} is not a signal")));
                }
            }
        }
        Ok(())
    }

    /// Range and kind checks every operand gets from the opcode table.
    fn operands(&self, insn: &Insn) -> R {
        let mut res = Ok(());
        insn.operands(|name, op| {
            if res.is_ok() {
                res = self.operand(name, op);
            }
        });
        res
    }

    fn operand(&self, name: &str, op: Operand) -> R {
        let m = self.m;
        let out_of_range = |what: &str, i: u64, n: usize, of: &str| Err(self.err(format!("{what} {i} out of range ({n} {of})")));
        match op {
            Operand::Read(k, r) | Operand::Write(k, r) => {
                let got = self.reg(r as usize)?;
                match k {
                    Some(want) if want != got => Err(self.err(format!(
                        "operand `{name}`: register r{r} is {}, expected {}",
                        got.name(),
                        want.name()
                    ))),
                    _ => Ok(()),
                }
            }
            Operand::Window(_) | Operand::Count(_) | Operand::Imm(_) | Operand::KindOp(_) => Ok(()),
            Operand::Const(k) if k as usize >= m.consts.len() => out_of_range("constant", k as u64, m.consts.len(), "constants"),
            Operand::Target(t) if t as usize >= self.f.code.len() => {
                out_of_range("jump target", t as u64, self.f.code.len(), "instructions")
            }
            Operand::Func(f) if f as usize >= m.functions.len() => out_of_range("function", f as u64, m.functions.len(), "functions"),
            Operand::Layout(l) if l as usize >= m.layouts.len() => out_of_range("layout", l as u64, m.layouts.len(), "layouts"),
            Operand::Native(x) if x as usize >= NATIVES.len() => out_of_range("native", x as u64, NATIVES.len(), "natives"),
            Operand::Global(g) if g as usize >= m.globals.len() => out_of_range("global", g as u64, m.globals.len(), "globals"),
            Operand::Slot(s) if s as usize >= m.slots.len() => out_of_range("method slot", s as u64, m.slots.len(), "slots"),
            Operand::Shape(s) if s as usize >= m.shapes.len() => out_of_range("shape", s as u64, m.shapes.len(), "shapes"),
            _ => Ok(()),
        }
    }

    /// Arguments `R[w..w+n]` against a callee's parameters, and its result against `R[a]`.
    fn call_args(&self, callee: &Function, a: u16, w: u16, n: u16, what: &str) -> R {
        let name = &callee.name;
        if n as usize != callee.params.len() {
            return Err(self.err(format!("{what} `{name}` passes {n} arguments; it takes {}", callee.params.len())));
        }
        self.window(w, n as usize)?;
        for (i, &k) in callee.params.iter().enumerate() {
            self.kind_is(w as usize + i, k, &format!("argument {i} of `{name}`"))?;
        }
        if let Some(k) = callee.ret {
            self.kind_is(a as usize, k, &format!("result of `{name}`"))?;
        }
        Ok(())
    }

    /// Rules beyond the operand table: kinds of `None`-kind operands, windows, arities.
    fn rules(&self, insn: &Insn) -> R {
        let m = self.m;
        match *insn {
            Insn::Mov { a, b } => {
                let (ka, kb) = (self.reg(a.0 as usize)?, self.reg(b.0 as usize)?);
                if ka != kb {
                    return Err(self.err(format!(
                        "Mov between kinds: r{} is {}, r{} is {}",
                        a.0,
                        ka.name(),
                        b.0,
                        kb.name()
                    )));
                }
            }
            Insn::GGet { a, g } => self.global(g.0, a.0)?,
            Insn::GSet { g, v } => self.global(g.0, v.0)?,
            Insn::Ret { v } => match self.f.ret {
                None => return Err(self.err(String::from("Ret in a function that returns nothing (use Ret0)"))),
                Some(k) => self.kind_is(v.0 as usize, k, "returned value")?,
            },
            Insn::Ret0 {} if self.f.ret.is_some() => {
                return Err(self.err(String::from("Ret0 in a function that returns a value")));
            }
            Insn::SExt { bits, .. } | Insn::ZExt { bits, .. } if !(1..=64).contains(&bits.0) => {
                return Err(self.err(format!("bit width {} out of range 1..=64", bits.0)));
            }
            Insn::DivIK { v, .. } | Insn::RemIK { v, .. } if v.0 == 0 => {
                return Err(self.err(String::from("division by the immediate 0 (DivI/RemI raise DIVIDE_BY_ZERO)")));
            }
            Insn::StrOfF { p, .. } if !(-2..=65_535).contains(&p.0) => {
                return Err(self.err(format!("precision {} out of range (-2 debug, -1 shortest, or 0..=65535)", p.0)));
            }
            Insn::Call { a, f, w, n } => {
                if let Some(callee) = m.functions.get(f.0 as usize) {
                    self.call_args(callee, a.0, w.0, n.0, "call of")?;
                }
            }
            Insn::CallClo { w, n, .. } => {
                self.window(w.0, n.0 as usize + 1)?;
                self.kind_is(w.0 as usize, Kind::Ref, "called closure")?;
            }
            Insn::CallVirt { a, s, w, n } => {
                if n.0 == 0 {
                    return Err(self.err(String::from("CallVirt needs the receiver as argument 0")));
                }
                self.window(w.0, n.0 as usize)?;
                self.kind_is(w.0 as usize, Kind::Ref, "method receiver")?;
                for &fi in self.by_slot.get(s.0 as usize).map_or(&[][..], |v| &v[..]) {
                    if let Some(callee) = m.functions.get(fi as usize) {
                        self.call_args(callee, a.0, w.0, n.0, "method call of")?;
                    }
                }
            }
            Insn::CallNat { a, x, w, n } => {
                let Some(info) = NATIVES.get(x.0 as usize) else { return Ok(()) };
                if n.0 as usize != info.params.len() {
                    return Err(self.err(format!("native {} takes {} arguments, got {}", info.name, info.params.len(), n.0)));
                }
                self.window(w.0, n.0 as usize)?;
                for (i, p) in info.params.iter().enumerate() {
                    if let Some(k) = narg_kind(*p) {
                        self.kind_is(w.0 as usize + i, k, &format!("argument {i} of native {}", info.name))?;
                    }
                }
                let ret = match info.ret {
                    NRet::I => Some(Kind::Int),
                    NRet::F => Some(Kind::Float),
                    NRet::R => Some(Kind::Ref),
                    NRet::X | NRet::Void | NRet::Never => None,
                };
                if let Some(k) = ret {
                    self.kind_is(a.0 as usize, k, &format!("result of native {}", info.name))?;
                }
            }
            Insn::NewRec { l, w, n, .. } => {
                if let Some(lay) = m.layout(l.0) {
                    if n.0 as usize != lay.fields.len() {
                        return Err(self.err(format!("layout `{}` has {} fields, NewRec gives {}", lay.name, lay.fields.len(), n.0)));
                    }
                    self.window(w.0, n.0 as usize)?;
                    for (i, (fname, k)) in lay.fields.iter().enumerate() {
                        self.kind_is(w.0 as usize + i, *k, &format!("field `{fname}` of `{}`", lay.name))?;
                    }
                }
            }
            Insn::NewVec { k, w, n, .. } => {
                self.window(w.0, n.0 as usize)?;
                for i in 0..n.0 as usize {
                    self.kind_is(w.0 as usize + i, k.0, "vector element")?;
                }
            }
            Insn::VecRep { k, v, .. } => self.kind_is(v.0 as usize, k.0, "repeated value")?,
            Insn::NewCell { k, v, .. } => self.kind_is(v.0 as usize, k.0, "cell value")?,
            Insn::MkClo { f, w, n, .. } => {
                self.window(w.0, n.0 as usize)?;
                if let Some(callee) = m.functions.get(f.0 as usize) {
                    if callee.params.first() != Some(&Kind::Ref) {
                        return Err(self.err(format!("closure function `{}` must take the closure (ref) as parameter 0", callee.name)));
                    }
                    if callee.captures.len() != n.0 as usize {
                        return Err(self.err(format!(
                            "closure of `{}` captures {} values, but the function declares {}",
                            callee.name,
                            n.0,
                            callee.captures.len()
                        )));
                    }
                    for (i, k) in callee.captures.iter().enumerate() {
                        self.kind_is(w.0 as usize + i, *k, &format!("capture {i}"))?;
                    }
                }
            }
            Insn::CapGet { a, i } => {
                self.kind_is(0, Kind::Ref, "the running closure")?;
                let Some(&k) = self.f.captures.get(i.0 as usize) else {
                    return Err(self.err(format!("capture {} of a function that declares {}", i.0, self.f.captures.len())));
                };
                self.kind_is(a.0 as usize, k, &format!("capture {}", i.0))?;
            }
            _ => {}
        }
        Ok(())
    }

    fn global(&self, g: u32, r: u16) -> R {
        match self.m.globals.get(g as usize) {
            Some(gl) => self.kind_is(r as usize, gl.kind, &format!("global `{}`", gl.name)),
            None => Ok(()), // reported by the operand check
        }
    }
}

fn narg_kind(a: NArg) -> Option<Kind> {
    match a {
        NArg::I => Some(Kind::Int),
        NArg::F => Some(Kind::Float),
        NArg::R => Some(Kind::Ref),
        NArg::X => None,
    }
}
