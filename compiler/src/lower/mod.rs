//! Type checking and lowering, in one pass per function.
//!
//! Each function body is checked and turned into typed register bytecode at once. Types
//! not known yet when an instruction is emitted (the element type of `Vec::new()`) are
//! inference variables; instructions whose operands depend on them are recorded as
//! fixups and patched when the function is finished, as are register kinds.
//!
//! Registers are allocated monotonically and never reused, so every call window (which
//! the callee's frame overlaps) sits above every live register.
mod calls;
mod cleanups;
mod control;
mod coroutines;
mod exhaustive;
mod expr;
mod format;
mod format_spec;
mod methods;
mod numbers;
mod pattern;
mod places;
mod peephole;
mod select;
mod shapes;
mod slices;
mod sockets;
pub mod stages;

use std::collections::{HashMap, HashSet};

use cprime_bytecode::isa::*;
use cprime_bytecode::{builtins, Const, Except, Function, Handler, Kind, LayoutKind};

use crate::ast::*;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::items::{kind_of, Def, Program};
use crate::types::{Infer, Ty, INT};
pub use cleanups::Cleanup;
use cleanups::Registered;

/// The most instructions a function may have: far past any written by hand, and a
/// bound on what generated or pathological source (nested `defer`s) makes the compiler
/// build.
pub const MAX_CODE: usize = 4_000_000;

/// Compilation-wide state shared by every function being lowered.
pub struct Unit<'a> {
    pub prog: Program<'a>,
    pub funcs: Vec<Option<Function>>,
    pub strings: HashMap<String, u32>,
    pub tuple_layouts: HashMap<Vec<Kind>, u32>,
    /// Types with a `{:?}` shape, and its index (`shapes.rs`).
    pub shapes: Vec<(Ty, u32)>,
    /// (`async fn`, file, line of the `spawn`) -> the function a `spawn f(..)` there runs
    /// (`coroutines.rs`).
    pub spawn_trampolines: HashMap<(u32, u32, u32), u32>,
    pub diags: Diagnostics,
    pub sm: &'a SourceMap,
}

impl<'a> Unit<'a> {
    pub fn string_const(&mut self, s: &str) -> u32 {
        if let Some(&k) = self.strings.get(s) {
            return k;
        }
        self.prog.module.consts.push(Const::Str(s.to_string()));
        let k = self.prog.module.consts.len() as u32 - 1;
        self.strings.insert(s.to_string(), k);
        k
    }

    pub fn tuple_layout(&mut self, kinds: Vec<Kind>) -> u32 {
        if let Some(&l) = self.tuple_layouts.get(&kinds) {
            return l;
        }
        let fields = kinds.iter().enumerate().map(|(i, k)| (i.to_string(), *k)).collect();
        let l = self.prog.add_layout("tuple", LayoutKind::Tuple, fields);
        self.tuple_layouts.insert(kinds, l);
        l
    }

    /// Reserves a function index (for closures compiled on the fly).
    pub fn reserve_fn(&mut self) -> u32 {
        self.funcs.push(None);
        self.funcs.len() as u32 - 1
    }
}

/// A value in a register with its type.
#[derive(Clone, Debug)]
pub struct V {
    pub reg: u16,
    pub ty: Ty,
}

#[derive(Clone, Copy, Debug)]
pub enum Loc {
    Reg(u16),
    /// A variable shared with closures: the register holds a cell.
    Cell(u16),
    /// A variable of the enclosing function, captured by this closure (cell `i`).
    Capture(u16),
    /// An immutable variable of a reference type, captured by this closure by value:
    /// capture `i` is the reference itself, not a cell holding it (`by_value`).
    CaptureValue(u16),
}

/// Whether a variable of type `ty` is shared with closures by value rather than in a
/// cell: it can never change (immutable) and its kind is known (the closure function's
/// capture kinds tell the collector and the copy into a spawned coroutine which
/// captures are references). Saves a cell per capture (an object in each heap the
/// closure reaches), and a load per use in the closure. A type not known yet keeps
/// its cell: its kind may turn out to be any.
pub fn by_value(ty: &Ty, mutable: bool) -> bool {
    !mutable && !matches!(ty, Ty::Var(_) | Ty::Error)
}

#[derive(Clone, Debug)]
pub struct Var<'a> {
    pub name: &'a str,
    pub loc: Loc,
    pub ty: Ty,
    pub mutable: bool,
    /// Bound to a `&mut` (a `&mut T` parameter, `let r = &mut x;`, an `iter_mut()`
    /// element): for a value type, a copy that a write through it cannot reach the
    /// owner from (`places.rs`).
    pub via_ref: bool,
}

#[derive(Default)]
pub struct BlockScope<'a> {
    pub vars: Vec<Var<'a>>,
    pub cleanups: Vec<Registered<'a>>,
}

/// A `catch` whose body is being compiled.
pub struct OpenCatch {
    /// The signals it handles.
    pub signals: Vec<u32>,
    /// Block scopes open outside it (its body's scope has this index).
    pub depth: usize,
    /// Code in its body it must not cover: cleanups of blocks around the `catch`, run
    /// where a `return`, `break` or `continue` leaves the body (`run_cleanups_from`). A
    /// signal they raise is raised outside the `catch`.
    pub holes: Vec<(usize, usize)>,
}

pub struct LoopCx<'a> {
    pub label: Option<&'a str>,
    pub breaks: Vec<usize>,
    pub continues: Vec<usize>,
    pub result: Option<V>,
    /// Number of block scopes open when the loop started.
    pub depth: usize,
}

/// An instruction operand to patch once types are solved.
enum Fixup {
    /// `NewVec`/`VecRep`/`NewCell` kind from an element type.
    Kind(usize, Ty),
    /// An `LdI` of a kind code (0 int, 1 float, 2 ref) for natives that take one.
    KindCode(usize, Ty),
    /// `NewMap` key and value kinds.
    MapKinds(usize, Ty, Ty),
    /// `NewRec` of `Some`/`Ok`/`Err` by payload kind.
    Variant(usize, fn(Kind) -> u32, Ty),
    /// `NewRec` of a tuple by element kinds.
    Tuple(usize, Vec<Ty>),
    /// A register cleared for a `let` without initializer: `LdI`, `LdF` or `LdNull` by kind.
    Zero(usize, Ty),
}

pub struct FnCx<'u, 'a> {
    pub u: &'u mut Unit<'a>,
    pub scope: u32,
    pub file: u32,
    pub name: String,
    pub self_ty: Option<Ty>,
    pub ret: Ty,
    /// `None`: every signal may propagate (entries, closures).
    pub except: Option<Vec<u32>>,
    pub code: Vec<Insn>,
    pub regs: Vec<Ty>,
    lines: Vec<(u32, u32)>,
    pub handlers: Vec<Handler>,
    fixups: Vec<Fixup>,
    pub inf: Infer,
    pub scopes: Vec<BlockScope<'a>>,
    pub loops: Vec<LoopCx<'a>>,
    /// For each `defer` block being compiled (innermost last), how many loops enclosed
    /// it: nothing may jump out of a `defer` block (`leaves_defer`).
    pub defers: Vec<usize>,
    /// Types whose kinds closures of this function fixed while they were unknown (as
    /// `Int`), with each closure's span: checked once this function knows more
    /// (`check_unsolved`).
    pub unsolved: Vec<(Span, Ty)>,
    /// The `catch` bodies around the current point, innermost last.
    pub catches: Vec<OpenCatch>,
    /// `current_signal()` of the innermost `recover`.
    pub recovers: Vec<V>,
    /// Names used inside closures of this function: such variables live in cells.
    pub boxed: HashSet<&'a str>,
    /// For a closure: the captured variables, by capture index (name, type, mutable,
    /// captured by value).
    pub captures: Vec<(String, Ty, bool, bool)>,
    /// For a closure being compiled: the enclosing functions' scopes, outermost first,
    /// lent by them while it compiles (`outer_var`).
    pub outer: Vec<BlockScope<'a>>,
    /// Set while compiling the call under a `?`.
    pub marked: bool,
    unit_reg: Option<u16>,
    line: u32,
    /// For an entry body: its runtime's name and whether it has coroutines
    /// (`HAS_COROUTINES`), which decides whether coroutine syntax may appear.
    pub runtime: Option<(String, bool)>,
    /// The user method the last method call compiled called: (the method name's span,
    /// whether it is an `async fn`, its name), for `.await`'s check (`await_expr`).
    pub last_method: Option<(Span, bool, String)>,
    /// The span of the last `.await` compiled that joined a handle (`h.await`): a `?`
    /// after it marks the join as `h.join().await?` does (`try_expr`).
    pub last_join: Option<Span>,
}

impl<'u, 'a> FnCx<'u, 'a> {
    /// The item a path names here: in an `impl`, `Self::..` starts at the impl's type
    /// (`Self::North` a variant, `Self::STEP` a constant).
    pub fn lookup_path(&self, segs: &[&str]) -> Option<Def> {
        if let (Some((&"Self", rest)), Some(t)) = (segs.split_first(), &self.self_ty) {
            let def = match crate::items::TyKey::of(t)? {
                crate::items::TyKey::Enum(e) => Def::Enum(e),
                crate::items::TyKey::Struct(s) => Def::Struct(s),
            };
            return self.u.prog.lookup_within(def, rest);
        }
        self.u.prog.lookup_path(self.scope, segs)
    }

    pub fn new(u: &'u mut Unit<'a>, scope: u32, file: u32, name: String) -> Self {
        FnCx {
            u,
            scope,
            file,
            name,
            self_ty: None,
            ret: Ty::Unit,
            except: Some(Vec::new()),
            code: Vec::new(),
            regs: Vec::new(),
            lines: Vec::new(),
            handlers: Vec::new(),
            fixups: Vec::new(),
            inf: Infer::default(),
            scopes: Vec::new(),
            loops: Vec::new(),
            defers: Vec::new(),
            unsolved: Vec::new(),
            catches: Vec::new(),
            recovers: Vec::new(),
            boxed: HashSet::new(),
            captures: Vec::new(),
            outer: Vec::new(),
            marked: false,
            unit_reg: None,
            line: 0,
            runtime: None,
            last_method: None,
            last_join: None,
        }
    }

    // ---- diagnostics

    pub fn err(&mut self, span: Span, msg: impl Into<String>) {
        self.u.diags.push(Diagnostic::error(span, msg));
    }

    pub fn diag(&mut self, d: Diagnostic) {
        self.u.diags.push(d);
    }

    pub fn show(&self, t: &Ty) -> String {
        self.inf.show(t, &self.u.prog)
    }

    /// Unifies or reports `mismatched types`.
    pub fn expect_ty(&mut self, span: Span, expected: &Ty, actual: &Ty) -> bool {
        let prog = &self.u.prog;
        let ok = self.inf.unify(expected, actual, &|t, tr| prog.implements(t, tr));
        if !ok {
            let (e, a) = (self.show(expected), self.show(actual));
            self.diag(Diagnostic::error(span, "mismatched types").label(format!("expected `{e}`, found `{a}`")));
        }
        ok
    }

    pub fn unify(&mut self, expected: &Ty, actual: &Ty) -> bool {
        let prog = &self.u.prog;
        self.inf.unify(expected, actual, &|t, tr| prog.implements(t, tr))
    }

    pub fn resolve(&self, t: &Ty) -> Ty {
        self.inf.resolve(t)
    }

    pub fn resolve_type(&mut self, t: &Type<'a>) -> Ty {
        let self_ty = self.self_ty.clone();
        let ty = self.u.prog.resolve_type_self(self.scope, t, self_ty.as_ref(), &mut self.u.diags);
        self.instantiate_holes(ty)
    }

    /// `_` in written types becomes a fresh variable.
    fn instantiate_holes(&mut self, t: Ty) -> Ty {
        match t {
            Ty::Error => self.inf.fresh(),
            Ty::Vec(e) => Ty::vec(self.instantiate_holes(*e)),
            Ty::Option(e) => Ty::option(self.instantiate_holes(*e)),
            t => t,
        }
    }

    // ---- emission

    pub fn set_line(&mut self, span: Span) {
        let line = self.u.sm.line_of(span);
        if line != self.line {
            self.line = line;
            let pc = self.code.len() as u32;
            match self.lines.last_mut() {
                Some(last) if last.0 == pc => last.1 = line,
                _ => self.lines.push((pc, line)),
            }
        }
    }

    pub fn emit(&mut self, i: Insn) -> usize {
        self.code.push(i);
        self.code.len() - 1
    }

    pub fn pc(&self) -> usize {
        self.code.len()
    }

    pub fn new_reg(&mut self, ty: Ty) -> u16 {
        if self.regs.len() >= u16::MAX as usize {
            // reported once at finish
            return u16::MAX - 1;
        }
        self.regs.push(ty);
        (self.regs.len() - 1) as u16
    }

    pub fn new_val(&mut self, ty: Ty) -> V {
        V { reg: self.new_reg(ty.clone()), ty }
    }

    /// A register holding `()`.
    pub fn unit(&mut self) -> V {
        let reg = match self.unit_reg {
            Some(r) => r,
            None => {
                let r = self.new_reg(Ty::Unit);
                self.unit_reg = Some(r);
                r
            }
        };
        V { reg, ty: Ty::Unit }
    }

    /// A value of type `!` (after code that does not continue).
    pub fn never(&mut self) -> V {
        let r = self.new_reg(Ty::Never);
        V { reg: r, ty: Ty::Never }
    }

    /// Consecutive fresh registers for a call window.
    pub fn window(&mut self, tys: &[Ty]) -> u16 {
        let w = self.regs.len() as u16;
        for t in tys {
            self.new_reg(t.clone());
        }
        w
    }

    pub fn mov(&mut self, dst: u16, src: u16) {
        if dst != src {
            self.emit(Insn::Mov { a: Wx(dst), b: Rx(src) });
        }
    }

    /// Emits a jump with an unknown target; patch with `patch_here`.
    pub fn jump(&mut self) -> usize {
        self.emit(Insn::Jmp { t: Tgt(u32::MAX) })
    }

    pub fn patch_to(&mut self, at: usize, target: usize) {
        let t = Tgt(target as u32);
        match &mut self.code[at] {
            Insn::Jmp { t: x }
            | Insn::JmpIf { t: x, .. }
            | Insn::JmpIfNot { t: x, .. }
            | Insn::JltI { t: x, .. }
            | Insn::JleI { t: x, .. }
            | Insn::JeqI { t: x, .. }
            | Insn::JneI { t: x, .. }
            | Insn::JltIK { t: x, .. }
            | Insn::JgeIK { t: x, .. }
            | Insn::JeqIK { t: x, .. }
            | Insn::JneIK { t: x, .. } => *x = t,
            _ => {}
        }
    }

    pub fn patch_here(&mut self, at: usize) {
        let here = self.pc();
        self.patch_to(at, here);
    }

    /// The kind code of `ty` (0 int, 1 float, 2 ref), known once inference is done.
    pub fn kind_code(&mut self, ty: Ty) -> V {
        let v = self.load_int(0, INT);
        let pc = self.pc() - 1;
        self.fixups.push(Fixup::KindCode(pc, ty));
        v
    }

    pub fn load_int(&mut self, v: i64, ty: Ty) -> V {
        let r = self.new_val(ty);
        self.emit(Insn::LdI { a: Wi(r.reg), v: Imm(v) });
        r
    }

    pub fn load_str(&mut self, s: &str) -> V {
        let k = self.u.string_const(s);
        let r = self.new_val(Ty::Str);
        self.emit(Insn::LdK { a: Wr(r.reg), k: K(k) });
        r
    }

    pub fn call_native(&mut self, n: cprime_bytecode::natives::Native, args: &[V], ret: Ty) -> V {
        let w = self.args_window(args);
        let out = self.result_reg(&ret);
        self.emit(Insn::CallNat { a: Wx(out.reg), x: Nat(n as u16), w: Win(w), n: N(args.len() as u16) });
        out
    }

    /// Copies argument values into a fresh window.
    pub fn args_window(&mut self, args: &[V]) -> u16 {
        let tys: Vec<Ty> = args.iter().map(|a| a.ty.clone()).collect();
        let w = self.window(&tys);
        for (i, a) in args.iter().enumerate() {
            self.mov(window_slot(w, i), a.reg);
        }
        w
    }

    /// The destination register of a call returning `ret` (a shared one for `()`).
    pub fn result_reg(&mut self, ret: &Ty) -> V {
        match ret {
            Ty::Unit => self.unit(),
            Ty::Never => self.never(),
            t => self.new_val(t.clone()),
        }
    }

    pub fn new_record_fixed(&mut self, layout: u32, fields: &[V], ty: Ty) -> V {
        let tys: Vec<Ty> = fields.iter().map(|f| f.ty.clone()).collect();
        let w = self.window(&tys);
        for (i, f) in fields.iter().enumerate() {
            self.mov(window_slot(w, i), f.reg);
        }
        let out = self.new_val(ty);
        self.emit(Insn::NewRec { a: Wr(out.reg), l: Lay(layout), w: Win(w), n: N(fields.len() as u16) });
        out
    }

    /// `Some(x)` / `Ok(x)` / `Err(x)`: layout chosen by the payload's kind at finish.
    pub fn new_variant(&mut self, pick: fn(Kind) -> u32, payload: V, ty: Ty) -> V {
        let out = self.new_record_fixed(pick(Kind::Int), std::slice::from_ref(&payload), ty);
        let pc = self.pc() - 1;
        self.fixups.push(Fixup::Variant(pc, pick, payload.ty));
        out
    }

    pub fn new_tuple(&mut self, elems: &[V]) -> V {
        let tys: Vec<Ty> = elems.iter().map(|e| e.ty.clone()).collect();
        let out = self.new_record_fixed(0, elems, Ty::Tuple(tys.clone()));
        let pc = self.pc() - 1;
        self.fixups.push(Fixup::Tuple(pc, tys));
        out
    }

    /// The parts of the tuple the last instruction built into `v`, taking that
    /// instruction back: `let (a, b) = (x, y)` and `let (tx, rx) = channel(n)` bind the
    /// parts where `new_tuple` put them, and no tuple is allocated only to be taken apart.
    /// `None` (nothing changed) unless `v` is such a tuple of `arity` parts. The parts sit
    /// in the fresh window `new_record_fixed` moved them into, so no jump lands on the
    /// taken-back instruction and binding them copies nothing a variable owns.
    pub fn take_back_tuple(&mut self, v: &V, arity: usize) -> Option<Vec<V>> {
        let pc = self.code.len().checked_sub(1)?;
        let Insn::NewRec { a, w, n, .. } = self.code[pc] else { return None };
        if arity == 0 || a.0 != v.reg || n.0 as usize != arity || !matches!(self.fixups.last(), Some(Fixup::Tuple(at, _)) if *at == pc) {
            return None;
        }
        let Ty::Tuple(tys) = self.inf.shallow(&v.ty) else { return None };
        if tys.len() != arity {
            return None;
        }
        self.code.pop();
        self.fixups.pop();
        Some(tys.into_iter().enumerate().map(|(i, ty)| V { reg: window_slot(w.0, i), ty }).collect())
    }

    pub fn new_vec(&mut self, elem: Ty, items: &[V]) -> V {
        let tys: Vec<Ty> = items.iter().map(|e| e.ty.clone()).collect();
        let w = self.window(&tys);
        for (i, it) in items.iter().enumerate() {
            self.mov(window_slot(w, i), it.reg);
        }
        let out = self.new_val(Ty::vec(elem.clone()));
        let pc = self.emit(Insn::NewVec { a: Wr(out.reg), k: Kd(Kind::Int), w: Win(w), n: N(items.len() as u16) });
        self.fixups.push(Fixup::Kind(pc, elem));
        out
    }

    pub fn new_map(&mut self, k: Ty, v: Ty) -> V {
        let out = self.new_val(Ty::Map(Box::new(k.clone()), Box::new(v.clone())));
        let pc = self.emit(Insn::NewMap { a: Wr(out.reg), k: Kd(Kind::Int), v: Kd(Kind::Int) });
        self.fixups.push(Fixup::MapKinds(pc, k, v));
        out
    }

    pub fn fix_kind(&mut self, pc: usize, ty: Ty) {
        self.fixups.push(Fixup::Kind(pc, ty));
    }

    // ---- scopes and variables

    /// Declares a variable; it lives in a cell when a closure of this function uses its
    /// name, unless closures can capture it by value (`by_value`, and set once here).
    pub fn declare(&mut self, name: &'a str, ty: Ty, mutable: bool, init: Option<u16>) -> Loc {
        let shared_by_value = init.is_some() && by_value(&self.inf.resolve(&ty), mutable);
        let loc = if self.boxed.contains(name) && !shared_by_value {
            let cell = self.new_reg(Ty::Opaque);
            let v = match init {
                Some(r) => r,
                None => self.zeroed_reg(ty.clone()),
            };
            let pc = self.emit(Insn::NewCell { a: Wr(cell), k: Kd(Kind::Int), v: Rx(v) });
            self.fix_kind(pc, ty.clone());
            self.regs[cell as usize] = Ty::Str; // any ref type: the register holds a cell handle
            Loc::Cell(cell)
        } else {
            let r = match init {
                Some(src) => {
                    let r = self.new_reg(ty.clone());
                    self.mov(r, src);
                    r
                }
                None => self.zeroed_reg(ty.clone()),
            };
            Loc::Reg(r)
        };
        if let Some(s) = self.scopes.last_mut() {
            s.vars.push(Var { name, loc, ty, mutable, via_ref: false });
        }
        loc
    }

    /// A new register holding 0, 0.0 or null (by its kind, known at `finish`): registers
    /// are not cleared on entry, so a variable declared without a value starts here.
    fn zeroed_reg(&mut self, ty: Ty) -> u16 {
        let r = self.new_reg(ty.clone());
        let pc = self.emit(Insn::LdI { a: Wi(r), v: Imm(0) });
        self.fixups.push(Fixup::Zero(pc, ty));
        r
    }

    pub fn lookup_var(&self, name: &str) -> Option<Var<'a>> {
        for s in self.scopes.iter().rev() {
            if let Some(v) = s.vars.iter().rev().find(|v| v.name == name) {
                return Some(v.clone());
            }
        }
        None
    }

    /// The innermost variable `name` of an enclosing function, if this is a closure.
    pub fn outer_var(&self, name: &str) -> Option<&Var<'a>> {
        self.outer.iter().rev().flat_map(|s| s.vars.iter().rev()).find(|v| v.name == name)
    }

    /// A variable of the enclosing function, which this closure then captures.
    pub fn capture(&mut self, name: &'a str) -> Option<Var<'a>> {
        let loc = |i: usize, direct: bool| if direct { Loc::CaptureValue(i as u16) } else { Loc::Capture(i as u16) };
        if let Some(i) = self.captures.iter().position(|c| c.0 == name) {
            let (_, ty, mutable, direct) = self.captures[i].clone();
            return Some(Var { name, loc: loc(i, direct), ty, mutable, via_ref: false });
        }
        let mut outer = self.outer_var(name)?.clone();
        // solved as far as known now (the table is shared with the enclosing function)
        outer.ty = self.inf.resolve(&outer.ty);
        // a variable in a cell stays there (it may be set later); any other immutable
        // reference is passed as it is (the creator reads it when making the closure)
        let direct = matches!(outer.loc, Loc::Reg(_) | Loc::CaptureValue(_)) && by_value(&outer.ty, outer.mutable);
        self.captures.push((name.to_string(), outer.ty.clone(), outer.mutable, direct));
        Some(Var { name, loc: loc(self.captures.len() - 1, direct), ty: outer.ty, mutable: outer.mutable, via_ref: outer.via_ref })
    }

    pub fn read_loc(&mut self, loc: Loc, ty: Ty) -> V {
        match loc {
            Loc::Reg(r) => V { reg: r, ty },
            Loc::Cell(c) => {
                let out = self.new_val(ty);
                self.emit(Insn::CellGet { a: Wx(out.reg), c: Rr(c) });
                out
            }
            Loc::Capture(i) => {
                let cell = self.new_reg(Ty::Str);
                self.emit(Insn::CapGet { a: Wx(cell), i: N(i) });
                let out = self.new_val(ty);
                self.emit(Insn::CellGet { a: Wx(out.reg), c: Rr(cell) });
                out
            }
            Loc::CaptureValue(i) => {
                let out = self.new_val(ty);
                self.emit(Insn::CapGet { a: Wx(out.reg), i: N(i) });
                out
            }
        }
    }

    pub fn write_loc(&mut self, loc: Loc, v: u16) {
        match loc {
            Loc::Reg(r) => self.mov(r, v),
            Loc::Cell(c) => {
                self.emit(Insn::CellSet { c: Rr(c), v: Rx(v) });
            }
            Loc::Capture(i) => {
                let cell = self.new_reg(Ty::Str);
                self.emit(Insn::CapGet { a: Wx(cell), i: N(i) });
                self.emit(Insn::CellSet { c: Rr(cell), v: Rx(v) });
            }
            // immutable: only a program already reported as wrong gets here
            Loc::CaptureValue(_) => {}
        }
    }

    /// The cell register of a shared variable (for passing to a closure).
    pub fn cell_of(&mut self, loc: Loc) -> Option<u16> {
        match loc {
            Loc::Reg(_) | Loc::CaptureValue(_) => None,
            Loc::Cell(c) => Some(c),
            Loc::Capture(i) => {
                let cell = self.new_reg(Ty::Str);
                self.emit(Insn::CapGet { a: Wx(cell), i: N(i) });
                Some(cell)
            }
        }
    }

    // ---- signals

    /// Whether a signal raised here is caught by an enclosing `catch` or may leave the function.
    pub fn check_escape(&mut self, span: Span, sig: u32, how: &str) {
        if builtins::FAULTS.contains(&sig) || sig == builtins::PARSE_ERROR {
            return;
        }
        if self.catches.iter().any(|c| c.signals.contains(&sig)) {
            return;
        }
        let Some(except) = &self.except else { return };
        if except.contains(&sig) {
            return;
        }
        let name = self.u.prog.module.layout(sig).map_or("?".into(), |l| l.name.clone());
        let fname = self.name.clone();
        self.diag(
            Diagnostic::error(span, format!("signal `{name}` can escape `{fname}`, which does not declare it"))
                .label(format!("{how} `{name}` here"))
                .help(format!("add `except({name})` to the signature of `{fname}`, or handle it with `catch({name}) {{ .. }} recover {{ .. }}`")),
        );
    }

    // ---- finishing

    /// Builds the bytecode function: solves register kinds and patches fixups.
    /// Types whose kinds `finish` would fix while they are still unknown (taking `Int`):
    /// a closure is finished before the function around it, which may solve them later.
    pub fn kind_guesses(&self) -> Vec<Ty> {
        let unknown = |t: &Ty| matches!(self.inf.shallow(t), Ty::Var(_));
        let mut out: Vec<Ty> = self.regs.iter().filter(|t| unknown(t)).cloned().collect();
        for f in &self.fixups {
            let tys: Vec<&Ty> = match f {
                Fixup::Kind(_, t) | Fixup::KindCode(_, t) | Fixup::Variant(_, _, t) | Fixup::Zero(_, t) => vec![t],
                Fixup::MapKinds(_, k, v) => vec![k, v],
                Fixup::Tuple(_, ts) => ts.iter().collect(),
            };
            out.extend(tys.into_iter().filter(|t| unknown(t)).cloned());
        }
        out
    }

    /// Reports the kinds closures fixed too early: a value whose type was unknown when
    /// its closure was finished and has turned out to be a float or a reference, which
    /// the closure's code treats as an int (the collector would not see it). Returns
    /// those still unknown, for the function around this one.
    pub fn check_unsolved(&mut self) -> Vec<(Span, Ty)> {
        let mut left = Vec::new();
        let mut reported = Vec::new();
        for (span, ty) in std::mem::take(&mut self.unsolved) {
            if matches!(self.inf.shallow(&ty), Ty::Var(_)) {
                left.push((span, ty));
            } else if self.inf.kind(&ty) != Kind::Int && !reported.contains(&span) {
                reported.push(span);
                self.diag(
                    Diagnostic::error(span, "type annotations needed: this closure uses a value whose type is only known after it")
                        .help("give the variable a type where it is declared (`let v: Vec<String> = Vec::new();`)"),
                );
            }
        }
        left
    }

    pub fn finish(self, params: Vec<Kind>, ret: Option<Kind>, span: Span) -> Function {
        self.finish_giving_back(params, ret, span).0
    }

    /// Whether the function has outgrown what bytecode allows (`finish` says so): more
    /// registers than a register operand names, or more than `MAX_CODE` instructions.
    pub fn too_large(&self) -> bool {
        self.regs.len() >= u16::MAX as usize - 1 || self.pc() > MAX_CODE
    }

    /// `finish`, giving back the inference table too: a closure's is its function's,
    /// which goes on with it (finishing only reads it).
    pub fn finish_giving_back(mut self, params: Vec<Kind>, ret: Option<Kind>, span: Span) -> (Function, Infer) {
        // what is still unknown now is an int in every function that uses it
        let _ = self.check_unsolved();
        if self.regs.len() >= u16::MAX as usize - 1 {
            self.err(span, "function too large: it needs more than 65,000 registers");
        } else if self.pc() > MAX_CODE {
            self.err(span, format!("function too large: it needs more than {MAX_CODE} instructions"));
        }
        let regs: Vec<Kind> = self.regs.iter().map(|t| self.inf.kind(t)).collect();
        let fixups = std::mem::take(&mut self.fixups);
        for f in fixups {
            match f {
                Fixup::Kind(pc, ty) => {
                    let k = self.inf.kind(&ty);
                    match &mut self.code[pc] {
                        Insn::NewVec { k: kd, .. } | Insn::VecRep { k: kd, .. } | Insn::NewCell { k: kd, .. } => *kd = Kd(k),
                        _ => {}
                    }
                }
                Fixup::KindCode(pc, ty) => {
                    let k = self.inf.kind(&ty);
                    if let Insn::LdI { v, .. } = &mut self.code[pc] {
                        *v = Imm(k as u8 as i64);
                    }
                }
                Fixup::MapKinds(pc, kt, vt) => {
                    let (kk, vk) = (self.inf.kind(&kt), self.inf.kind(&vt));
                    if let Insn::NewMap { k, v, .. } = &mut self.code[pc] {
                        *k = Kd(kk);
                        *v = Kd(vk);
                    }
                }
                Fixup::Variant(pc, pick, ty) => {
                    let l = pick(self.inf.kind(&ty));
                    if let Insn::NewRec { l: lay, .. } = &mut self.code[pc] {
                        *lay = Lay(l);
                    }
                }
                Fixup::Zero(pc, ty) => {
                    if let Insn::LdI { a, .. } = self.code[pc] {
                        self.code[pc] = match self.inf.kind(&ty) {
                            Kind::Int => Insn::LdI { a, v: Imm(0) },
                            Kind::Float => Insn::LdF { a: Wf(a.0), bits: Imm(0) },
                            Kind::Ref => Insn::LdNull { a: Wr(a.0) },
                        };
                    }
                }
                Fixup::Tuple(pc, tys) => {
                    let kinds: Vec<Kind> = tys.iter().map(|t| self.inf.kind(t)).collect();
                    let l = self.u.tuple_layout(kinds);
                    if let Insn::NewRec { l: lay, .. } = &mut self.code[pc] {
                        *lay = Lay(l);
                    }
                }
            }
        }
        // a function must end in a terminator, even if the end is unreachable, and a jump
        // to its end (past a construct whose every branch returns, such as a `catch`
        // whose body and `recover` both do) needs an instruction there
        let end = self.code.len() as u32;
        let mut jumps_to_end = false;
        for insn in &self.code {
            insn.operands(|_, op| jumps_to_end |= matches!(op, cprime_bytecode::isa::Operand::Target(t) if t == end));
        }
        match self.code.last() {
            Some(Insn::Ret { .. } | Insn::Ret0 {} | Insn::Jmp { .. } | Insn::Raise { .. }) if !jumps_to_end => {}
            _ => {
                if ret.is_none() {
                    self.emit(Insn::Ret0 {});
                } else {
                    let msg = self.load_str("reached the end of a function without a value");
                    self.call_native(cprime_bytecode::natives::Native::Panic, &[msg], Ty::Never);
                }
            }
        }
        let regs = if self.regs.len() > regs.len() {
            // registers added while finishing
            self.regs.iter().map(|t| self.inf.kind(t)).collect()
        } else {
            regs
        };
        // handler rows are innermost first by construction: a `catch` adds its row once
        // its body is compiled, a block its cleanups' rows once it ends
        let handlers = self.handlers;
        // a closure's captures: values as they are, cells as references
        let captures = self.captures.iter().map(|(_, ty, _, direct)| if *direct { self.inf.kind(ty) } else { Kind::Ref }).collect();
        let mut f = Function {
            name: self.name,
            file: self.file,
            params,
            captures,
            ret,
            regs,
            code: self.code,
            handlers,
            lines: self.lines,
            except: match self.except {
                None => Except::Any,
                Some(l) => Except::List(l),
            },
        };
        peephole::optimize(&mut f);
        (f, self.inf)
    }
}

/// Names used inside closures in a function body: the variables they name are shared.
pub fn closure_names<'a>(b: &'a Block<'a>, out: &mut HashSet<&'a str>) {
    fn walk_expr<'a>(e: &'a Expr<'a>, inside: bool, out: &mut HashSet<&'a str>) {
        let w = |x: &'a Expr<'a>, out: &mut HashSet<&'a str>| walk_expr(x, inside, out);
        match &e.kind {
            ExprKind::Path(p) if inside && p.is_single() => {
                out.insert(p.segs[0].name);
            }
            ExprKind::Closure { body, .. } => walk_expr(body, true, out),
            ExprKind::Spawn(x) => walk_expr(x, true, out),
            ExprKind::Unary(_, x) | ExprKind::Field(x, _) | ExprKind::Try(x) | ExprKind::Await(x) | ExprKind::Cast(x, _) | ExprKind::Raise(x) => w(x, out),
            ExprKind::Binary(_, a, b) | ExprKind::Assign(a, b) | ExprKind::AssignOp(_, a, b) | ExprKind::Index(a, b) | ExprKind::ArrayRepeat(a, b) => {
                w(a, out);
                w(b, out);
            }
            ExprKind::Call(f, args) => {
                w(f, out);
                args.iter().for_each(|a| w(a, out));
            }
            ExprKind::MethodCall { recv, args, .. } => {
                w(recv, out);
                args.iter().for_each(|a| w(a, out));
            }
            ExprKind::Macro { args, .. } => {
                args.iter().for_each(|a| w(a, out));
                // format strings may name variables: `{x}`
                if inside {
                    if let Some(ExprKind::Str(s)) = args.first().map(|a| &a.kind) {
                        for name in format::inline_names(s) {
                            out.insert(name);
                        }
                    }
                }
            }
            ExprKind::MacroRepeat { value, count, .. } => {
                w(value, out);
                w(count, out);
            }
            ExprKind::Range { lo, hi, .. } => {
                lo.iter().for_each(|x| w(x, out));
                hi.iter().for_each(|x| w(x, out));
            }
            ExprKind::Tuple(xs) | ExprKind::Array(xs) => xs.iter().for_each(|x| w(x, out)),
            ExprKind::StructLit { fields, base, .. } => {
                fields.iter().for_each(|f| w(f.value, out));
                base.iter().for_each(|x| w(x, out));
            }
            ExprKind::Block(b) | ExprKind::Unsafe(b) => walk_block(b, inside, out),
            // an `async` block is a closure: awaited where it stands, it shares the
            // variables it uses as any closure does
            ExprKind::Async(b) => walk_block(b, true, out),
            ExprKind::If { cond, then, else_ } => {
                w(cond, out);
                walk_block(then, inside, out);
                else_.iter().for_each(|x| w(x, out));
            }
            ExprKind::IfLet { scrutinee, then, else_, .. } => {
                w(scrutinee, out);
                walk_block(then, inside, out);
                else_.iter().for_each(|x| w(x, out));
            }
            ExprKind::While { cond, body, .. } => {
                w(cond, out);
                walk_block(body, inside, out);
            }
            ExprKind::WhileLet { scrutinee, body, .. } => {
                w(scrutinee, out);
                walk_block(body, inside, out);
            }
            ExprKind::Loop { body, .. } => walk_block(body, inside, out),
            ExprKind::For { iter, body, .. } => {
                w(iter, out);
                walk_block(body, inside, out);
            }
            ExprKind::Match { scrutinee, arms } => {
                w(scrutinee, out);
                for a in arms.iter() {
                    a.guard.iter().for_each(|g| w(g, out));
                    w(a.body, out);
                }
            }
            ExprKind::Break { value, .. } | ExprKind::Return(value) => value.iter().for_each(|x| w(x, out)),
            ExprKind::Catch { body, recover, .. } => {
                walk_block(body, inside, out);
                walk_block(recover, inside, out);
            }
            ExprKind::Select(arms) => {
                for a in arms.iter() {
                    w(a.future, out);
                    w(a.body, out);
                }
            }
            _ => {}
        }
    }
    fn walk_block<'a>(b: &'a Block<'a>, inside: bool, out: &mut HashSet<&'a str>) {
        for s in b.stmts {
            match &s.kind {
                StmtKind::Let { init: Some(e), .. } => walk_expr(e, inside, out),
                StmtKind::Expr { expr, .. } => walk_expr(expr, inside, out),
                StmtKind::Defer(b) => walk_block(b, inside, out),
                _ => {}
            }
        }
    }
    walk_block(b, false, out);
}

/// Compiles every function of the program.
pub fn lower_program<'a>(u: &mut Unit<'a>) {
    let n = u.prog.fns.len();
    u.funcs = (0..n).map(|_| None).collect();
    for i in 0..n {
        let f = lower_fn(u, i as u32);
        u.funcs[i] = Some(f);
    }
}

fn lower_fn<'a>(u: &mut Unit<'a>, id: u32) -> Function {
    let info = &u.prog.fns[id as usize];
    let decl = info.decl;
    let (scope, file, name) = (info.scope, info.file, info.name.clone());
    let params = info.params.clone();
    let ret = info.ret.clone();
    let except = if info.is_entry { None } else { Some(info.except.clone()) };
    let is_entry = info.is_entry;
    let self_ty = info.self_ty.clone();
    let runtime = decl.entry.map(|spec| {
        let segs: Vec<&str> = spec.runtime.segs.iter().map(|s| s.name).collect();
        let has = match u.prog.lookup_path(scope, &segs) {
            Some(Def::Struct(sid)) => u.prog.declares_coroutines(sid),
            _ => cprime_bytecode::runtimes::runtime(spec.runtime.last()).is_some_and(|r| r.has_coroutines),
        };
        (segs.join("::"), has)
    });
    let mut cx = FnCx::new(u, scope, file, name);
    cx.self_ty = self_ty;
    cx.ret = ret.clone();
    cx.except = except;
    cx.runtime = runtime;
    cx.set_line(decl.span);
    if let Some(body) = decl.body {
        closure_names(body, &mut cx.boxed);
    }
    cx.push_scope();
    let mut param_kinds = Vec::new();
    let mut param_regs = Vec::new();
    for (_, t) in &params {
        param_kinds.push(kind_of(t));
        param_regs.push(cx.new_reg(t.clone()));
    }
    // parameters are declared after all parameter registers exist (cells come later)
    let mut pi = 0;
    if decl.self_param.is_some() {
        let loc = cx.declare("self", params[0].1.clone(), true, Some(param_regs[0]));
        let _ = loc;
        pi = 1;
    }
    for p in decl.params {
        let (ty, reg) = (params[pi].1.clone(), param_regs[pi]);
        pi += 1;
        cx.bind_param(p.pat, ty, reg);
        if let (PatKind::Binding { name, .. }, TypeKind::Ref { mutable: true, .. }) = (&p.pat.kind, &p.ty.kind) {
            cx.mark_via_ref(name.name);
        }
    }
    let ret_kind = if matches!(ret, Ty::Unit | Ty::Never) { None } else { Some(kind_of(&ret)) };
    if let Some(body) = decl.body {
        let expect = ret.clone();
        // an `int` entry may end with a statement (a `match` or `catch` whose arms print):
        // its tail is not held to `int` (`ends_without_value` below)
        let int_entry = is_entry && ret == crate::types::INT;
        let mut v = cx.block_value(body, (!int_entry).then_some(&expect));
        let ends_without_value = matches!(cx.inf.shallow(&v.ty), Ty::Unit) && !matches!(ret, Ty::Unit | Ty::Never | Ty::Error);
        if ends_without_value && int_entry {
            // an `int` entry that ends without a value exits 0, as C's and C++'s `main`
            v = cx.load_int(0, crate::types::INT);
        } else if ends_without_value {
            let span = body.stmts.last().map_or(body.span, |s| s.span);
            let want = cx.show(&ret);
            cx.diag(
                crate::diag::Diagnostic::error(span, "mismatched types")
                    .label(format!("expected `{want}`, found `()`"))
                    .help(format!("the function returns `{want}`, but its body ends without a value: end it with one, or `return` one")),
            );
            v.ty = Ty::Error;
        }
        if !matches!(v.ty, Ty::Never) {
            let span = body.stmts.last().map_or(body.span, |s| s.span);
            cx.expect_ty(span, &ret, &v.ty);
            match ret_kind {
                Some(_) => cx.emit(Insn::Ret { v: Rx(v.reg) }),
                None => cx.emit(Insn::Ret0 {}),
            };
        }
    }
    cx.scopes.pop();
    cx.finish(param_kinds, ret_kind, decl.span)
}

impl<'u, 'a> FnCx<'u, 'a> {
    /// Marks variable `name`, just declared, as bound to a `&mut` (`Var::via_ref`).
    pub fn mark_via_ref(&mut self, name: &str) {
        if let Some(v) = self.scopes.last_mut().and_then(|s| s.vars.iter_mut().rev().find(|v| v.name == name)) {
            v.via_ref = true;
        }
    }

    /// Binds a parameter pattern (usually a name) to its register.
    pub fn bind_param(&mut self, pat: &'a Pat<'a>, ty: Ty, reg: u16) {
        match pat.kind {
            // a parameter's register is its variable (unless a closure shares it: a cell)
            PatKind::Binding { name, mutable } if !self.boxed.contains(name.name) => {
                if let Some(s) = self.scopes.last_mut() {
                    s.vars.push(Var { name: name.name, loc: Loc::Reg(reg), ty, mutable, via_ref: false });
                }
            }
            PatKind::Binding { name, mutable } => {
                self.declare(name.name, ty, mutable, Some(reg));
            }
            PatKind::Wild => {}
            _ => {
                let v = V { reg, ty };
                self.bind_irrefutable(pat, v);
            }
        }
    }

    /// Reports coroutine syntax (`what`): under a runtime without coroutines that is the
    /// program's error; under one with them, this toolchain's missing piece.
    pub fn coroutine_syntax(&mut self, span: Span, what: &str) {
        // under a coroutine runtime, or in a function that is not an entry (it runs under
        // whichever runtime calls it; outside the scheduler the coroutine natives report
        // that they need it), there is nothing to report
        if let Some((rt, false)) = self.runtime.clone() {
            self.diag(
                Diagnostic::error(span, format!("{what} needs a runtime with coroutines, and `{rt}` has none"))
                    .label(format!("`{rt}`: HAS_COROUTINES = false"))
                    .help("select one that has them: `= coroutine { .. }` or `= std::CoroutineScheduler { .. }`"),
            );
        }
    }

    /// Looks a single name up as a value in the module scope.
    pub fn lookup_def(&self, name: &str) -> Option<Def> {
        self.u.prog.lookup(self.scope, name)
    }

    pub fn int_ty(&self) -> Ty {
        INT
    }
}

/// Register `i` of the window starting at `w`. In a function past the register limit
/// (reported once when it is finished) windows start at the overflow register, so this
/// saturates there rather than wrap.
pub(crate) fn window_slot(w: u16, i: usize) -> u16 {
    (w as usize + i).min(u16::MAX as usize - 1) as u16
}
