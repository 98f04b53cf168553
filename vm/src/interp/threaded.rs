//! Threaded dispatch: the fast instructions as one function each, chained by tail calls.
//!
//! Why (measured in `shared/notes/interpreter-dispatch.md` and `docs/performance.md`):
//! a `loop { match }` compiles to one shared indirect jump, so the branch predictor sees
//! every instruction pair through one site. Here each handler ends by loading the next
//! instruction and calling its handler through `HANDLERS`; LLVM turns those calls into
//! jumps (sibling calls: same signature, nothing alive after the call), so every handler
//! has its own dispatch site and the running state (`code`, `ip`, `fr`, the opcode word)
//! stays in argument registers. Direct calls and returns happen inside the chain on the
//! VM's frame stack.
//!
//! Anything a handler can't finish (allocation, natives, a fault, stack growth, the
//! outermost return) ends the chain with `Exit::slow(pc)`: the outer
//! match in `interp.rs` runs that instruction again with full error handling. A
//! safepoint whose counter ran out, or the heap asking for a collection, ends it with
//! `safepoint: true` and `pc` where to continue.
//!
//! **Safety.** This is the only module of the VM with `unsafe` code: instruction and
//! register accesses are unchecked, justified by the verifier's guarantees
//! (`verify.rs`) and by `run`'s entry checks:
//! - every register operand of a function is below its `nregs`, and `run` checks (and
//!   `Call` keeps) `base + nregs <= regs.len()` for the running frame; the register
//!   stack is not resized while the chain runs (growing is the outer loop's job);
//! - every jump target is an instruction of the function, every function ends in a
//!   terminator (so `ip + 1` after a non-terminator is an instruction, and a fused op's
//!   skipped partner is followed by one), and `run` checks the entry `pc`;
//! - frames on the frame stack name existing functions and a resume pc inside them (the
//!   interpreter pushes them only from verified calls and at safepoints).
#![allow(unsafe_code)]

use alloc::boxed::Box;
use core::ptr;

use super::code::{op, Op};
use crate::{FnMeta, Frame, State, Tables};

/// The interpreter state a chain runs on. The outer loop builds it for each run and
/// reads `func`, `base` and `ticks` back afterwards.
pub(super) struct Fast<'a> {
    pub st: &'a mut State,
    pub tables: &'a Tables,
    pub func: usize,
    pub base: usize,
    /// Safepoints left before the outer loop's safepoint work (see `interp.rs`).
    pub ticks: u64,
    /// Frame-stack depth at which a call must take the slow path (`calls::frame_cap`).
    pub frame_cap: usize,
    /// Register-stack length a callee frame must fit in (at most `st.regs.len()`).
    pub regs_len: usize,
    regs: *mut u64,
    /// `tables.code` and `tables.fns` as raw pointers: one load less per call and return.
    codes: *const Box<[Op]>,
    fns: *const FnMeta,
}

impl<'a> Fast<'a> {
    pub fn new(st: &'a mut State, tables: &'a Tables, func: usize, base: usize, ticks: u64, frame_cap: usize, regs_len: usize) -> Fast<'a> {
        let (codes, fns) = (tables.code.as_ptr(), tables.fns.as_ptr());
        Fast { st, tables, func, base, ticks, frame_cap, regs_len, regs: ptr::null_mut(), codes, fns }
    }

    /// The code of function `f`, which exists (module invariants).
    #[inline(always)]
    unsafe fn code_of(&self, f: usize) -> *const Op {
        (*self.codes.add(f)).as_ptr()
    }
}

/// Why and where a chain ended, as one word so every handler returns it in a register
/// and its dispatch stays a tail call (a two-field struct made LLVM keep calls): the
/// instruction index shifted left once, the low bit set for a safepoint (continue at
/// that instruction after the safepoint work), clear for an instruction the outer match
/// must run.
#[derive(Clone, Copy)]
#[repr(transparent)]
pub(super) struct Exit(usize);

impl Exit {
    #[inline(always)]
    fn slow(pc: usize) -> Exit {
        Exit(pc << 1)
    }
    #[inline(always)]
    fn safepoint(pc: usize) -> Exit {
        Exit(pc << 1 | 1)
    }
    pub fn pc(self) -> usize {
        self.0 >> 1
    }
    pub fn is_safepoint(self) -> bool {
        self.0 & 1 != 0
    }
}

/// Runs fast instructions of the frame `(fx.func, fx.base)` from `pc` until one needs
/// the outer loop.
pub(super) fn run(fx: &mut Fast, pc: usize) -> Exit {
    let slow = Exit::slow(pc);
    let (Some(code), Some(meta)) = (fx.tables.code.get(fx.func), fx.tables.fns.get(fx.func)) else { return slow };
    // the outer loop reports these (unknown function, frame or pc out of range)
    if pc >= code.len() || fx.base + meta.nregs as usize > fx.st.regs.len() || fx.regs_len > fx.st.regs.len() {
        return slow;
    }
    fx.regs = fx.st.regs.as_mut_ptr();
    let code = code.as_ptr();
    // SAFETY: `pc` is an instruction and the frame's registers are in the stack (checked
    // above); the module invariants hold for everything after (module docs).
    unsafe { next(fx, code, code.add(pc), fx.regs.add(fx.base)) }
}

type Handler = unsafe fn(&mut Fast, *const Op, *const Op, *mut u64, u64) -> Exit;

/// Runs the instruction at `ip`.
#[inline(always)]
unsafe fn next(fx: &mut Fast, code: *const Op, ip: *const Op, fr: *mut u64) -> Exit {
    let w = (*ip).w;
    HANDLERS[w as u8 as usize](fx, code, ip, fr, w)
}

/// The index of `ip` in `code`.
#[inline(always)]
unsafe fn pc_of(code: *const Op, ip: *const Op) -> usize {
    ip.offset_from(code) as usize
}

/// Continues at instruction `t`; a backward jump is a safepoint.
#[inline(always)]
unsafe fn jump(fx: &mut Fast, code: *const Op, ip: *const Op, fr: *mut u64, t: usize) -> Exit {
    let to = code.add(t);
    if to <= ip {
        fx.ticks -= 1;
        if fx.ticks == 0 || fx.st.heap.poll != 0 {
            return Exit::safepoint(t);
        }
    }
    next(fx, code, to, fr)
}

/// Leaves the chain so the outer match runs the instruction at `ip`.
#[inline(never)]
unsafe fn slow(_: &mut Fast, code: *const Op, ip: *const Op, _: *mut u64, _: u64) -> Exit {
    Exit::slow(pc_of(code, ip))
}

/// Enters `callee` with its frame at `base + w` from the call at `ip` (result to
/// `R[dest]`), clearing its `Ref` registers; the slow path when the stacks must grow.
#[inline(always)]
unsafe fn enter(fx: &mut Fast, code: *const Op, ip: *const Op, callee: usize, w: usize, dest: usize) -> Exit {
    // `callee` comes from a verified `Call` or from the vtable, both existing functions
    let m = &*fx.fns.add(callee);
    let nb = fx.base + w;
    let depth = fx.st.frames.len();
    if depth >= fx.frame_cap || nb + m.nregs as usize > fx.regs_len {
        return slow(fx, code, ip, ptr::null_mut(), 0);
    }
    // `frame_cap` is at most the capacity, so the slot exists (and `push` would only add
    // a second capacity check)
    let frame = Frame { func: fx.func as u32, pc: pc_of(code, ip) as u32, base: fx.base as u32, dest: (fx.base + dest) as u32 };
    fx.st.frames.as_mut_ptr().add(depth).write(frame);
    fx.st.frames.set_len(depth + 1);
    // clear the callee's `Ref` registers; volatile stores, so this stays a short inline
    // loop rather than a `memset` call (which would make every call save registers)
    let mut p = fx.regs.add(nb + m.zero.0 as usize);
    let end = fx.regs.add(nb + m.zero.1 as usize);
    while p < end {
        ptr::write_volatile(p, 0);
        p = p.add(1);
    }
    fx.func = callee;
    fx.base = nb;
    let code = fx.code_of(callee);
    fx.ticks -= 1;
    if fx.ticks == 0 || fx.st.heap.poll != 0 {
        return Exit::safepoint(0);
    }
    next(fx, code, code, fx.regs.add(nb))
}

/// Returns `val` (when some) to the caller's frame; the slow path at the outermost frame.
#[inline(always)]
unsafe fn leave(fx: &mut Fast, code: *const Op, ip: *const Op, val: Option<u64>) -> Exit {
    let Some(caller) = fx.st.frames.pop() else { return slow(fx, code, ip, ptr::null_mut(), 0) };
    if let Some(v) = val {
        if (caller.dest as usize) < fx.regs_len {
            *fx.regs.add(caller.dest as usize) = v;
        }
    }
    fx.func = caller.func as usize;
    fx.base = caller.base as usize;
    let code = fx.code_of(fx.func);
    next(fx, code, code.add(caller.pc.wrapping_add(1) as usize), fx.regs.add(fx.base))
}

/// Register `i` of the frame.
macro_rules! rg {
    ($fr:ident[$i:expr]) => {
        *$fr.add($i)
    };
}
macro_rules! int {
    ($fr:ident[$i:expr]) => {
        (*$fr.add($i) as i64)
    };
}
macro_rules! flt {
    ($fr:ident[$i:expr]) => {
        f64::from_bits(*$fr.add($i))
    };
}

/// Handlers that fall through to the next instruction: `Name { statements }`.
/// Handlers that decide where to go: `Name => { expression of type Exit }`.
macro_rules! handlers {
    (($fx:ident, $code:ident, $ip:ident, $fr:ident, $o:ident)
     seq { $($s:ident { $($sb:tt)* })* }
     ctl { $($c:ident => $cb:block)* }) => {
        #[allow(non_snake_case, unused_variables, clippy::missing_safety_doc)]
        mod h {
            use super::*;
            $(
                pub(super) unsafe fn $s($fx: &mut Fast, $code: *const Op, $ip: *const Op, $fr: *mut u64, w: u64) -> Exit {
                    let $o = Op { w, x: (*$ip).x };
                    $($sb)*
                    next($fx, $code, $ip.add(1), $fr)
                }
            )*
            $(
                pub(super) unsafe fn $c($fx: &mut Fast, $code: *const Op, $ip: *const Op, $fr: *mut u64, w: u64) -> Exit {
                    let $o = Op { w, x: (*$ip).x };
                    $cb
                }
            )*
        }
        /// Handler of each internal opcode; `slow` for those the outer match runs.
        static HANDLERS: [Handler; 256] = {
            let mut t: [Handler; 256] = [slow; 256];
            $( t[op::$s as usize] = h::$s; )*
            $( t[op::$c as usize] = h::$c; )*
            t
        };
    };
}

/// A two-way branch: to `t1` when `cond`, else `t2`.
macro_rules! branch2 {
    ($fx:ident, $code:ident, $ip:ident, $fr:ident, $o:ident, $cond:expr) => {
        if $cond {
            jump($fx, $code, $ip, $fr, $o.t1())
        } else {
            jump($fx, $code, $ip, $fr, $o.t2())
        }
    };
}
/// A conditional jump to `t`, else the next instruction.
macro_rules! branch {
    ($fx:ident, $code:ident, $ip:ident, $fr:ident, $t:expr, $cond:expr) => {
        if $cond {
            jump($fx, $code, $ip, $fr, $t)
        } else {
            next($fx, $code, $ip.add(1), $fr)
        }
    };
}

handlers! {
    (fx, code, ip, fr, o)
    seq {
        Nop {}
        Mov { rg!(fr[o.a()]) = rg!(fr[o.b()]); }
        LdI { rg!(fr[o.a()]) = o.x; }
        LdF { rg!(fr[o.a()]) = o.x; }
        LdNull { rg!(fr[o.a()]) = 0; }
        GGet { rg!(fr[o.a()]) = fx.st.globals.get(o.xs()).copied().unwrap_or(0); }
        GSet {
            if let Some(slot) = fx.st.globals.get_mut(o.xs()) {
                *slot = rg!(fr[o.b()]);
            }
        }
        AddI { rg!(fr[o.a()]) = rg!(fr[o.b()]).wrapping_add(rg!(fr[o.c()])); }
        AddIK { rg!(fr[o.a()]) = rg!(fr[o.b()]).wrapping_add(o.x); }
        SubI { rg!(fr[o.a()]) = rg!(fr[o.b()]).wrapping_sub(rg!(fr[o.c()])); }
        MulI { rg!(fr[o.a()]) = rg!(fr[o.b()]).wrapping_mul(rg!(fr[o.c()])); }
        MulIK { rg!(fr[o.a()]) = rg!(fr[o.b()]).wrapping_mul(o.x); }
        // the verifier rejects a zero immediate
        DivIK { rg!(fr[o.a()]) = int!(fr[o.b()]).checked_div(o.imm()).unwrap_or(i64::MIN) as u64; }
        RemIK { rg!(fr[o.a()]) = int!(fr[o.b()]).checked_rem(o.imm()).unwrap_or(0) as u64; }
        AndI { rg!(fr[o.a()]) = rg!(fr[o.b()]) & rg!(fr[o.c()]); }
        OrI { rg!(fr[o.a()]) = rg!(fr[o.b()]) | rg!(fr[o.c()]); }
        XorI { rg!(fr[o.a()]) = rg!(fr[o.b()]) ^ rg!(fr[o.c()]); }
        ShlI { rg!(fr[o.a()]) = rg!(fr[o.b()]).wrapping_shl((rg!(fr[o.c()]) & 63) as u32); }
        ShrI { rg!(fr[o.a()]) = int!(fr[o.b()]).wrapping_shr((rg!(fr[o.c()]) & 63) as u32) as u64; }
        NegI { rg!(fr[o.a()]) = int!(fr[o.b()]).wrapping_neg() as u64; }
        NotI { rg!(fr[o.a()]) = !rg!(fr[o.b()]); }
        NotB { rg!(fr[o.a()]) = (rg!(fr[o.b()]) == 0) as u64; }
        EqI { rg!(fr[o.a()]) = (rg!(fr[o.b()]) == rg!(fr[o.c()])) as u64; }
        NeI { rg!(fr[o.a()]) = (rg!(fr[o.b()]) != rg!(fr[o.c()])) as u64; }
        LtI { rg!(fr[o.a()]) = (int!(fr[o.b()]) < int!(fr[o.c()])) as u64; }
        LeI { rg!(fr[o.a()]) = (int!(fr[o.b()]) <= int!(fr[o.c()])) as u64; }
        SExt {
            // the verifier keeps bits in 1..=64
            let s = 64u32.wrapping_sub(o.x as u32) & 63;
            rg!(fr[o.a()]) = (rg!(fr[o.b()]).wrapping_shl(s) as i64).wrapping_shr(s) as u64;
        }
        ZExt {
            let v = rg!(fr[o.b()]);
            rg!(fr[o.a()]) = if o.x >= 64 { v } else { v & ((1u64 << (o.x as u32 & 63)) - 1) };
        }
        AddF { rg!(fr[o.a()]) = (flt!(fr[o.b()]) + flt!(fr[o.c()])).to_bits(); }
        SubF { rg!(fr[o.a()]) = (flt!(fr[o.b()]) - flt!(fr[o.c()])).to_bits(); }
        MulF { rg!(fr[o.a()]) = (flt!(fr[o.b()]) * flt!(fr[o.c()])).to_bits(); }
        DivF { rg!(fr[o.a()]) = (flt!(fr[o.b()]) / flt!(fr[o.c()])).to_bits(); }
        RemF { rg!(fr[o.a()]) = crate::natives::fmath::fmod(flt!(fr[o.b()]), flt!(fr[o.c()])).to_bits(); }
        NegF { rg!(fr[o.a()]) = (-flt!(fr[o.b()])).to_bits(); }
        EqF { rg!(fr[o.a()]) = (flt!(fr[o.b()]) == flt!(fr[o.c()])) as u64; }
        NeF { rg!(fr[o.a()]) = (flt!(fr[o.b()]) != flt!(fr[o.c()])) as u64; }
        LtF { rg!(fr[o.a()]) = (flt!(fr[o.b()]) < flt!(fr[o.c()])) as u64; }
        LeF { rg!(fr[o.a()]) = (flt!(fr[o.b()]) <= flt!(fr[o.c()])) as u64; }
        IToF { rg!(fr[o.a()]) = (int!(fr[o.b()]) as f64).to_bits(); }
        FToI { rg!(fr[o.a()]) = flt!(fr[o.b()]) as i64 as u64; }
    }
    ctl {
        // a constant's first use interns it (outer match)
        LdK => {
            match fx.st.consts.get(o.xs()).copied() {
                Some(h) if h != 0 => {
                    rg!(fr[o.a()]) = h;
                    next(fx, code, ip.add(1), fr)
                }
                _ => slow(fx, code, ip, fr, o.w),
            }
        }
        // -- faulting arithmetic: the outer match raises
        DivI => {
            let d = int!(fr[o.c()]);
            if d == 0 {
                return slow(fx, code, ip, fr, o.w);
            }
            rg!(fr[o.a()]) = int!(fr[o.b()]).wrapping_div(d) as u64;
            next(fx, code, ip.add(1), fr)
        }
        RemI => {
            let d = int!(fr[o.c()]);
            if d == 0 {
                return slow(fx, code, ip, fr, o.w);
            }
            rg!(fr[o.a()]) = int!(fr[o.b()]).wrapping_rem(d) as u64;
            next(fx, code, ip.add(1), fr)
        }
        // -- heap access; a bad handle or index leaves for the outer match, which raises
        GetF => {
            match fx.st.heap.try_field(rg!(fr[o.b()]), o.c() as u16) {
                Some(v) => {
                    rg!(fr[o.a()]) = v;
                    next(fx, code, ip.add(1), fr)
                }
                None => slow(fx, code, ip, fr, o.w),
            }
        }
        // -- captures and cells (a closure's function, a cell's kind checked as in the
        // outer match, which reports a mismatch)
        CapGet => {
            match fx.st.heap.try_capture(rg!(fr[0]), fx.func, o.b() as u16) {
                Some(v) => {
                    rg!(fr[o.a()]) = v;
                    next(fx, code, ip.add(1), fr)
                }
                None => slow(fx, code, ip, fr, o.w),
            }
        }
        CellGet => {
            match fx.st.heap.try_cell_get(rg!(fr[o.b()]), crate::interp::code::reg_kind_of(o.x)) {
                Some(v) => {
                    rg!(fr[o.a()]) = v;
                    next(fx, code, ip.add(1), fr)
                }
                None => slow(fx, code, ip, fr, o.w),
            }
        }
        CellSet => {
            match fx.st.heap.try_cell_set(rg!(fr[o.a()]), rg!(fr[o.b()]), crate::interp::code::reg_kind_of(o.x)) {
                Some(()) => next(fx, code, ip.add(1), fr),
                None => slow(fx, code, ip, fr, o.w),
            }
        }
        SetF => {
            match fx.st.heap.try_set_field(rg!(fr[o.a()]), o.b() as u16, rg!(fr[o.c()])) {
                Some(()) => next(fx, code, ip.add(1), fr),
                None => slow(fx, code, ip, fr, o.w),
            }
        }
        VecGet => {
            match fx.st.heap.try_vec_get(rg!(fr[o.b()]), int!(fr[o.c()])) {
                Some(v) => {
                    rg!(fr[o.a()]) = v;
                    next(fx, code, ip.add(1), fr)
                }
                None => slow(fx, code, ip, fr, o.w),
            }
        }
        VecSet => {
            match fx.st.heap.try_vec_set(rg!(fr[o.a()]), int!(fr[o.b()]), rg!(fr[o.c()])) {
                Some(()) => next(fx, code, ip.add(1), fr),
                None => slow(fx, code, ip, fr, o.w),
            }
        }
        VecLen => {
            match fx.st.heap.get(rg!(fr[o.b()])) {
                Some(crate::heap::Object::Vector { items, .. }) => {
                    rg!(fr[o.a()]) = items.len() as u64;
                    next(fx, code, ip.add(1), fr)
                }
                _ => slow(fx, code, ip, fr, o.w),
            }
        }
        // -- records and vectors: allocation may ask for a collection (the next
        // safepoint runs it); any failure leaves for the outer match, which reports it
        NewRec => {
            // the verifier keeps the window inside the frame
            let fields = core::slice::from_raw_parts(fr.add(o.b()), o.c());
            match fx.st.heap.try_new_record(o.x as u32, fields) {
                Some(h) => {
                    rg!(fr[o.a()]) = h;
                    next(fx, code, ip.add(1), fr)
                }
                None => slow(fx, code, ip, fr, o.w),
            }
        }
        Tag => {
            match fx.st.heap.try_tag(rg!(fr[o.b()])) {
                Some(l) => {
                    rg!(fr[o.a()]) = l as u64;
                    next(fx, code, ip.add(1), fr)
                }
                None => slow(fx, code, ip, fr, o.w),
            }
        }
        VecPush => {
            match fx.st.heap.try_vec_push(rg!(fr[o.a()]), rg!(fr[o.b()])) {
                Some(()) => next(fx, code, ip.add(1), fr),
                None => slow(fx, code, ip, fr, o.w),
            }
        }
        // -- jumps
        Jmp => { jump(fx, code, ip, fr, o.xs()) }
        JmpIf => { branch!(fx, code, ip, fr, o.xs(), rg!(fr[o.a()]) != 0) }
        JmpIfNot => { branch!(fx, code, ip, fr, o.xs(), rg!(fr[o.a()]) == 0) }
        JltI => { branch!(fx, code, ip, fr, o.xs(), int!(fr[o.a()]) < int!(fr[o.b()])) }
        JleI => { branch!(fx, code, ip, fr, o.xs(), int!(fr[o.a()]) <= int!(fr[o.b()])) }
        JeqI => { branch!(fx, code, ip, fr, o.xs(), rg!(fr[o.a()]) == rg!(fr[o.b()])) }
        JneI => { branch!(fx, code, ip, fr, o.xs(), rg!(fr[o.a()]) != rg!(fr[o.b()])) }
        JltIK => { branch!(fx, code, ip, fr, o.jk_target(), int!(fr[o.a()]) < o.imm()) }
        JgeIK => { branch!(fx, code, ip, fr, o.jk_target(), int!(fr[o.a()]) >= o.imm()) }
        JeqIK => { branch!(fx, code, ip, fr, o.jk_target(), int!(fr[o.a()]) == o.imm()) }
        JneIK => { branch!(fx, code, ip, fr, o.jk_target(), int!(fr[o.a()]) != o.imm()) }
        // -- fused `AddIK r r k` + the jump after it (skipped when not taken)
        IncJlt => {
            let v = int!(fr[o.a()]).wrapping_add(o.c_i16());
            rg!(fr[o.a()]) = v as u64;
            if v < int!(fr[o.b()]) { jump(fx, code, ip, fr, o.xs()) } else { next(fx, code, ip.add(2), fr) }
        }
        IncJle => {
            let v = int!(fr[o.a()]).wrapping_add(o.c_i16());
            rg!(fr[o.a()]) = v as u64;
            if v <= int!(fr[o.b()]) { jump(fx, code, ip, fr, o.xs()) } else { next(fx, code, ip.add(2), fr) }
        }
        IncJmp => {
            rg!(fr[o.a()]) = int!(fr[o.a()]).wrapping_add(o.c_i16()) as u64;
            jump(fx, code, ip, fr, o.xs())
        }
        // -- fused two-way branches
        JltI2 => { branch2!(fx, code, ip, fr, o, int!(fr[o.a()]) < int!(fr[o.b()])) }
        JleI2 => { branch2!(fx, code, ip, fr, o, int!(fr[o.a()]) <= int!(fr[o.b()])) }
        JeqI2 => { branch2!(fx, code, ip, fr, o, rg!(fr[o.a()]) == rg!(fr[o.b()])) }
        JneI2 => { branch2!(fx, code, ip, fr, o, rg!(fr[o.a()]) != rg!(fr[o.b()])) }
        JltIK2 => { branch2!(fx, code, ip, fr, o, int!(fr[o.a()]) < o.imm32()) }
        JgeIK2 => { branch2!(fx, code, ip, fr, o, int!(fr[o.a()]) >= o.imm32()) }
        JeqIK2 => { branch2!(fx, code, ip, fr, o, int!(fr[o.a()]) == o.imm32()) }
        JneIK2 => { branch2!(fx, code, ip, fr, o, int!(fr[o.a()]) != o.imm32()) }
        JmpIf2 => { branch2!(fx, code, ip, fr, o, rg!(fr[o.a()]) != 0) }
        JmpIfNot2 => { branch2!(fx, code, ip, fr, o, rg!(fr[o.a()]) == 0) }
        IncJltI2 => {
            rg!(fr[o.a()]) = int!(fr[o.a()]).wrapping_add(o.k8()) as u64;
            branch2!(fx, code, ip, fr, o, int!(fr[o.b()]) < int!(fr[o.c()]))
        }
        IncJleI2 => {
            rg!(fr[o.a()]) = int!(fr[o.a()]).wrapping_add(o.k8()) as u64;
            branch2!(fx, code, ip, fr, o, int!(fr[o.b()]) <= int!(fr[o.c()]))
        }
        IncJltIK2 => {
            let v = int!(fr[o.a()]).wrapping_add(o.k8());
            rg!(fr[o.a()]) = v as u64;
            branch2!(fx, code, ip, fr, o, v < o.imm32())
        }
        IncJgeIK2 => {
            let v = int!(fr[o.a()]).wrapping_add(o.k8());
            rg!(fr[o.a()]) = v as u64;
            branch2!(fx, code, ip, fr, o, v >= o.imm32())
        }
        // -- calls and returns
        Call => { enter(fx, code, ip, o.xs(), o.b(), o.a()) }
        CallVirt => {
            let layout = match fx.st.heap.get(rg!(fr[o.b()])) {
                Some(crate::heap::Object::Record { layout, .. }) => *layout,
                _ => return slow(fx, code, ip, fr, o.w),
            };
            match fx.tables.method(layout, o.x as u32) {
                Some(f) => enter(fx, code, ip, f, o.b(), o.a()),
                None => slow(fx, code, ip, fr, o.w),
            }
        }
        // math natives that cannot fail (`sqrt`, `min`, ..) run here; the rest leave
        // (any other native leaves the chain: `CallNat` has no handler here)
        CallMath => {
            let (w0, n) = (o.b(), o.c());
            let x = if n > 0 { rg!(fr[w0]) } else { 0 };
            let y = if n > 1 { rg!(fr[w0 + 1]) } else { 0 };
            match crate::natives::pure_math(o.x as u16, x, y) {
                Some(v) => {
                    rg!(fr[o.a()]) = v;
                    next(fx, code, ip.add(1), fr)
                }
                None => slow(fx, code, ip, fr, o.w),
            }
        }
        Ret => { leave(fx, code, ip, Some(rg!(fr[o.a()]))) }
        Ret0 => { leave(fx, code, ip, None) }
    }
}
