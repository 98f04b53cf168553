//! The interpreter: a `loop { match }` over the translated instructions (`code.rs`).
//!
//! Why it looks like this (see `shared/notes/interpreter-dispatch.md`):
//! - Calls and returns happen inside the loop on an explicit frame stack, never by Rust
//!   recursion, so guest recursion depth costs no Rust stack and a call is a few stores.
//! - The running frame lives in locals: `code` (its instructions), `pc`, `base` and
//!   `fr`, the slice of the register stack that is exactly its registers, so a register
//!   access is one bounds check against the frame size.
//! - Two nested loops. The inner *fast loop* executes only simple instructions
//!   (arithmetic, moves, jumps, field and element access, direct calls and returns); its
//!   small body keeps `pc`, `code`, `fr` and the tick counter in machine registers.
//!   Everything else (allocation, natives, closures, faults, stack growth, safepoint work)
//!   leaves the fast loop with the instruction, and the outer match executes it (for a
//!   fast-loop instruction that failed, it runs it again with full error handling).
//! - Everything exceptional (raising, collecting, growing the stacks, internal errors)
//!   is in cold functions (`unwind.rs`, `calls.rs`).
//!
//! Safepoints are calls (after entering the callee), native calls (after they return)
//! and backward jumps. There the loop counts `ticks` down (fuel, or the host-signal poll
//! interval) and checks `heap.poll` (a collection is due); both are one compare each.
mod calls;
pub(crate) mod code;
pub(crate) use calls::{drain_host_signals, enter_os_handler};

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};

use cprime_bytecode::module::Module;

use crate::heap::{bad, Object};
use crate::map::MapObj;
use crate::unwind::{self, internal};
use crate::{format as fmt, natives, FnMeta, Frame, Host, Outcome, State, Tables, Trap};
use code::{kind_of, op, Op};

/// Runs function `entry` (its registers already set up at base 0) to completion.
pub(crate) fn execute(module: &Module, tables: &Tables, st: &mut State, host: &mut dyn Host, entry: usize) -> Outcome {
    let funcs: &[alloc::boxed::Box<[Op]>] = &tables.code;
    let fns: &[FnMeta] = &tables.fns;
    let fuel_mode = st.limits.fuel.is_some();
    let mut ticks: u64 = match st.limits.fuel {
        Some(f) => f.max(1),
        None => calls::INTERVAL,
    };
    let mut frame_cap = calls::frame_cap(st);
    // `st.regs.len()` capped by the register limit (which a stage may lower), kept in a
    // local: the fast loop can't look at `st.regs` while `fr` borrows it
    let mut regs_len = st.regs.len().min(st.limits.max_registers);
    let mut func: usize = entry;
    let mut pc: usize = 0;
    let mut base: usize = 0;
    let mut code: &[Op];
    let mut fr: &mut [u64];

    // Re-derives `code` and `fr` after `func`/`base` changed or the stacks moved.
    macro_rules! reload {
        () => {{
            let (c, n) = match (funcs.get(func), fns.get(func)) {
                (Some(f), Some(m)) => (&f[..], m.nregs as usize),
                _ => return internal(module, func, pc, "unknown function"),
            };
            code = c;
            fr = match st.regs.get_mut(base..base + n) {
                Some(s) => s,
                None => return internal(module, func, pc, "frame past the register stack"),
            };
        }};
    }
    // Raises / handles a trap of the instruction at `pc - 1`, then continues wherever
    // the unwinder says (a handler, or the same instruction after a collection).
    macro_rules! throw {
        ($trap:expr) => {{
            let trap: Trap = $trap;
            match unwind::throw(module, tables, st, host, trap, func, pc - 1, base) {
                Ok(r) => {
                    func = r.func;
                    pc = r.pc;
                    base = r.base;
                    reload!();
                    continue;
                }
                Err(o) => return o,
            }
        }};
    }
    macro_rules! tri {
        ($e:expr) => {
            match $e {
                Ok(v) => v,
                Err(t) => throw!(t),
            }
        };
    }
    macro_rules! r {
        ($x:expr) => {
            fr[$x]
        };
    }
    macro_rules! int {
        ($x:expr) => {
            (fr[$x] as i64)
        };
    }
    macro_rules! flt {
        ($x:expr) => {
            f64::from_bits(fr[$x])
        };
    }
    macro_rules! window {
        ($w:expr, $n:expr) => {
            match fr.get($w..$w + $n) {
                Some(s) => s,
                None => throw!(Trap::Internal("window out of range".to_string())),
            }
        };
    }
    macro_rules! safepoint {
        () => {{
            ticks -= 1;
            if ticks == 0 || st.heap.poll != 0 {
                run_safepoint!();
            }
        }};
    }
    // The safepoint's work; when it entered an OS signal handler, continue there.
    macro_rules! run_safepoint {
        () => {{
            match calls::safepoint(module, tables, st, host, &mut ticks, fuel_mode, func, base, pc) {
                Err(o) => return o,
                Ok(Some(r)) => {
                    func = r.func;
                    pc = r.pc;
                    base = r.base;
                    frame_cap = calls::frame_cap(st);
                    regs_len = st.regs.len().min(st.limits.max_registers);
                }
                Ok(None) => {}
            }
            reload!();
        }};
    }
    // Enters `callee` with its frame at `base + w`; `nargs` registers are arguments, the
    // rest start zeroed; the result will go to the caller's `R[dest]`.
    macro_rules! enter {
        ($callee:expr, $w:expr, $nargs:expr, $dest:expr) => {{
            let callee: usize = $callee;
            let nb = base + $w as usize;
            let (top, zero) = match fns.get(callee) {
                Some(m) => (nb + m.nregs as usize, m.zero),
                None => throw!(Trap::Internal(format!("call of unknown function #{callee}"))),
            };
            if st.frames.len() >= frame_cap || top > regs_len {
                tri!(calls::grow(st, top, &mut frame_cap));
                regs_len = st.regs.len().min(st.limits.max_registers);
            }
            st.frames.push(Frame { func: func as u32, pc: (pc - 1) as u32, base: base as u32, dest: (base + $dest as usize) as u32 });
            if let Some(refs) = st.regs.get_mut(nb + zero.0 as usize..nb + zero.1 as usize) {
                refs.fill(0);
            }
            func = callee;
            base = nb;
            pc = 0;
            reload!();
            safepoint!();
        }};
    }
    macro_rules! alloc {
        ($obj:expr) => {
            tri!(st.heap.alloc($obj))
        };
    }
    macro_rules! new_str {
        ($s:expr) => {{
            let s: String = $s;
            tri!(st.heap.new_str(s))
        }};
    }

    // Jumps inside the fast loop: a backward one counts down `ticks` and leaves the fast
    // loop for the safepoint when the counter ran out or the heap wants a collection.
    macro_rules! fast_jump {
        ($t:expr) => {{
            let t: usize = $t;
            let back = t < pc;
            pc = t;
            if back {
                ticks -= 1;
                if ticks == 0 || st.heap.poll != 0 {
                    break SAFEPOINT;
                }
            }
        }};
    }
    // The value of a fallible heap access, or leave the fast loop so the outer match
    // runs the instruction again and raises.
    macro_rules! or_slow {
        ($e:expr, $o:expr) => {
            match $e {
                Ok(v) => v,
                Err(_) => break $o,
            }
        };
    }

    reload!();
    loop {
        // The fast loop: simple instructions only, so its state stays in machine
        // registers. Anything else (calls, allocation, natives, faults) breaks out with
        // the instruction, which the outer match below executes (`pc` already past it).
        let o: Op = loop {
            let o = match code.get(pc) {
                Some(o) => *o,
                None => break OFF_THE_END,
            };
            pc += 1;
            match o.code() {
                op::Nop => {}
                op::Mov => r!(o.a()) = r!(o.b()),
                op::LdI | op::LdF => r!(o.a()) = o.x,
                op::LdK => r!(o.a()) = st.consts.get(o.xs()).copied().unwrap_or(0),
                op::LdNull => r!(o.a()) = 0,
                op::GGet => r!(o.a()) = st.globals.get(o.xs()).copied().unwrap_or(0),
                op::GSet => {
                    if let Some(slot) = st.globals.get_mut(o.xs()) {
                        *slot = r!(o.b());
                    }
                }
                op::AddI => r!(o.a()) = r!(o.b()).wrapping_add(r!(o.c())),
                op::AddIK => r!(o.a()) = r!(o.b()).wrapping_add(o.x),
                op::SubI => r!(o.a()) = r!(o.b()).wrapping_sub(r!(o.c())),
                op::MulI => r!(o.a()) = r!(o.b()).wrapping_mul(r!(o.c())),
                op::DivI => {
                    let d = int!(o.c());
                    if d == 0 {
                        break o;
                    }
                    r!(o.a()) = int!(o.b()).wrapping_div(d) as u64;
                }
                op::RemI => {
                    let d = int!(o.c());
                    if d == 0 {
                        break o;
                    }
                    r!(o.a()) = int!(o.b()).wrapping_rem(d) as u64;
                }
                op::MulIK => r!(o.a()) = r!(o.b()).wrapping_mul(o.x),
                // the verifier rejects a zero immediate
                op::DivIK => r!(o.a()) = int!(o.b()).checked_div(o.imm()).unwrap_or(i64::MIN) as u64,
                op::RemIK => r!(o.a()) = int!(o.b()).checked_rem(o.imm()).unwrap_or(0) as u64,
                op::AndI => r!(o.a()) = r!(o.b()) & r!(o.c()),
                op::OrI => r!(o.a()) = r!(o.b()) | r!(o.c()),
                op::XorI => r!(o.a()) = r!(o.b()) ^ r!(o.c()),
                op::ShlI => r!(o.a()) = r!(o.b()).wrapping_shl((r!(o.c()) & 63) as u32),
                op::ShrI => r!(o.a()) = int!(o.b()).wrapping_shr((r!(o.c()) & 63) as u32) as u64,
                op::NegI => r!(o.a()) = int!(o.b()).wrapping_neg() as u64,
                op::NotI => r!(o.a()) = !r!(o.b()),
                op::NotB => r!(o.a()) = (r!(o.b()) == 0) as u64,
                op::EqI => r!(o.a()) = (r!(o.b()) == r!(o.c())) as u64,
                op::NeI => r!(o.a()) = (r!(o.b()) != r!(o.c())) as u64,
                op::LtI => r!(o.a()) = (int!(o.b()) < int!(o.c())) as u64,
                op::LeI => r!(o.a()) = (int!(o.b()) <= int!(o.c())) as u64,
                op::SExt => {
                    // the verifier keeps bits in 1..=64
                    let s = 64u32.wrapping_sub(o.x as u32) & 63;
                    r!(o.a()) = (r!(o.b()).wrapping_shl(s) as i64).wrapping_shr(s) as u64;
                }
                op::ZExt => {
                    let v = r!(o.b());
                    r!(o.a()) = if o.x >= 64 { v } else { v & ((1u64 << (o.x as u32 & 63)) - 1) };
                }
                op::AddF => r!(o.a()) = (flt!(o.b()) + flt!(o.c())).to_bits(),
                op::SubF => r!(o.a()) = (flt!(o.b()) - flt!(o.c())).to_bits(),
                op::MulF => r!(o.a()) = (flt!(o.b()) * flt!(o.c())).to_bits(),
                op::DivF => r!(o.a()) = (flt!(o.b()) / flt!(o.c())).to_bits(),
                op::RemF => r!(o.a()) = libm::fmod(flt!(o.b()), flt!(o.c())).to_bits(),
                op::NegF => r!(o.a()) = (-flt!(o.b())).to_bits(),
                op::EqF => r!(o.a()) = (flt!(o.b()) == flt!(o.c())) as u64,
                op::NeF => r!(o.a()) = (flt!(o.b()) != flt!(o.c())) as u64,
                op::LtF => r!(o.a()) = (flt!(o.b()) < flt!(o.c())) as u64,
                op::LeF => r!(o.a()) = (flt!(o.b()) <= flt!(o.c())) as u64,
                op::IToF => r!(o.a()) = (int!(o.b()) as f64).to_bits(),
                op::FToI => r!(o.a()) = flt!(o.b()) as i64 as u64,
                op::Jmp => fast_jump!(o.xs()),
                op::JmpIf => {
                    if r!(o.a()) != 0 {
                        fast_jump!(o.xs())
                    }
                }
                op::JmpIfNot => {
                    if r!(o.a()) == 0 {
                        fast_jump!(o.xs())
                    }
                }
                op::JltI => {
                    if int!(o.a()) < int!(o.b()) {
                        fast_jump!(o.xs())
                    }
                }
                op::JleI => {
                    if int!(o.a()) <= int!(o.b()) {
                        fast_jump!(o.xs())
                    }
                }
                op::JeqI => {
                    if r!(o.a()) == r!(o.b()) {
                        fast_jump!(o.xs())
                    }
                }
                op::JneI => {
                    if r!(o.a()) != r!(o.b()) {
                        fast_jump!(o.xs())
                    }
                }
                op::JltIK => {
                    if int!(o.a()) < o.imm() {
                        fast_jump!(o.jk_target())
                    }
                }
                op::JgeIK => {
                    if int!(o.a()) >= o.imm() {
                        fast_jump!(o.jk_target())
                    }
                }
                op::JeqIK => {
                    if int!(o.a()) == o.imm() {
                        fast_jump!(o.jk_target())
                    }
                }
                op::JneIK => {
                    if int!(o.a()) != o.imm() {
                        fast_jump!(o.jk_target())
                    }
                }
                // fused `AddIK r r k` + the jump after it (skipped when not taken)
                op::IncJlt => {
                    let v = int!(o.a()).wrapping_add(o.c_i16());
                    r!(o.a()) = v as u64;
                    if v < int!(o.b()) {
                        fast_jump!(o.xs())
                    } else {
                        pc += 1;
                    }
                }
                op::IncJle => {
                    let v = int!(o.a()).wrapping_add(o.c_i16());
                    r!(o.a()) = v as u64;
                    if v <= int!(o.b()) {
                        fast_jump!(o.xs())
                    } else {
                        pc += 1;
                    }
                }
                op::IncJmp => {
                    r!(o.a()) = int!(o.a()).wrapping_add(o.c_i16()) as u64;
                    fast_jump!(o.xs())
                }
                op::JltI2 => if int!(o.a()) < int!(o.b()) {
                    fast_jump!(o.t1())
                } else {
                    fast_jump!(o.t2())
                },
                op::JleI2 => if int!(o.a()) <= int!(o.b()) {
                    fast_jump!(o.t1())
                } else {
                    fast_jump!(o.t2())
                },
                op::JeqI2 => if r!(o.a()) == r!(o.b()) {
                    fast_jump!(o.t1())
                } else {
                    fast_jump!(o.t2())
                },
                op::JneI2 => if r!(o.a()) != r!(o.b()) {
                    fast_jump!(o.t1())
                } else {
                    fast_jump!(o.t2())
                },
                op::JltIK2 => if int!(o.a()) < o.imm32() {
                    fast_jump!(o.t1())
                } else {
                    fast_jump!(o.t2())
                },
                op::JgeIK2 => if int!(o.a()) >= o.imm32() {
                    fast_jump!(o.t1())
                } else {
                    fast_jump!(o.t2())
                },
                op::JeqIK2 => if int!(o.a()) == o.imm32() {
                    fast_jump!(o.t1())
                } else {
                    fast_jump!(o.t2())
                },
                op::JneIK2 => if int!(o.a()) != o.imm32() {
                    fast_jump!(o.t1())
                } else {
                    fast_jump!(o.t2())
                },
                op::JmpIf2 => if r!(o.a()) != 0 {
                    fast_jump!(o.t1())
                } else {
                    fast_jump!(o.t2())
                },
                op::JmpIfNot2 => if r!(o.a()) == 0 {
                    fast_jump!(o.t1())
                } else {
                    fast_jump!(o.t2())
                },
                op::IncJltI2 => {
                    r!(o.a()) = int!(o.a()).wrapping_add(o.k8()) as u64;
                    if int!(o.b()) < int!(o.c()) {
                    fast_jump!(o.t1())
                } else {
                    fast_jump!(o.t2())
                }
                }
                op::IncJleI2 => {
                    r!(o.a()) = int!(o.a()).wrapping_add(o.k8()) as u64;
                    if int!(o.b()) <= int!(o.c()) {
                    fast_jump!(o.t1())
                } else {
                    fast_jump!(o.t2())
                }
                }
                op::IncJltIK2 => {
                    let v = int!(o.a()).wrapping_add(o.k8());
                    r!(o.a()) = v as u64;
                    if v < o.imm32() {
                    fast_jump!(o.t1())
                } else {
                    fast_jump!(o.t2())
                }
                }
                op::IncJgeIK2 => {
                    let v = int!(o.a()).wrapping_add(o.k8());
                    r!(o.a()) = v as u64;
                    if v >= o.imm32() {
                    fast_jump!(o.t1())
                } else {
                    fast_jump!(o.t2())
                }
                }
                op::GetF => r!(o.a()) = or_slow!(st.heap.field(r!(o.b()), o.c() as u16), o),
                op::SetF => or_slow!(st.heap.set_field(r!(o.a()), o.b() as u16, r!(o.c())), o),
                op::VecGet => r!(o.a()) = or_slow!(st.heap.vec_get(r!(o.b()), int!(o.c())), o),
                op::VecSet => or_slow!(st.heap.vec_set(r!(o.a()), int!(o.b()), r!(o.c())), o),
                op::VecLen => match st.heap.get(r!(o.b())) {
                    Some(Object::Vector { items, .. }) => r!(o.a()) = items.len() as u64,
                    _ => break o,
                },
                // the common case of a direct call; growing the stacks (or overflowing
                // them) is the outer match's job
                op::Call => {
                    let callee = o.xs();
                    let Some(m) = fns.get(callee) else { break o };
                    let nb = base + o.b();
                    let top = nb + m.nregs as usize;
                    if st.frames.len() >= frame_cap || top > regs_len {
                        break o;
                    }
                    st.frames.push(Frame { func: func as u32, pc: (pc - 1) as u32, base: base as u32, dest: (base + o.a()) as u32 });
                    if m.zero.1 != 0 {
                        if let Some(refs) = st.regs.get_mut(nb + m.zero.0 as usize..nb + m.zero.1 as usize) {
                            refs.fill(0);
                        }
                    }
                    func = callee;
                    base = nb;
                    pc = 0;
                    reload!();
                    ticks -= 1;
                    if ticks == 0 || st.heap.poll != 0 {
                        break SAFEPOINT;
                    }
                }
                op::Ret => {
                    let val = r!(o.a());
                    let Some(caller) = st.frames.pop() else { break o };
                    if let Some(slot) = st.regs.get_mut(caller.dest as usize) {
                        *slot = val;
                    }
                    func = caller.func as usize;
                    pc = caller.pc.wrapping_add(1) as usize;
                    base = caller.base as usize;
                    reload!();
                }
                _ => break o,
            }
        };
        match o.code() {
            SAFEPOINT_CODE => run_safepoint!(),
            op::DivI | op::RemI => throw!(Trap::DivZero),
            op::GetF => r!(o.a()) = tri!(st.heap.field(r!(o.b()), o.c() as u16)),
            op::SetF => tri!(st.heap.set_field(r!(o.a()), o.b() as u16, r!(o.c()))),
            op::VecGet => r!(o.a()) = tri!(st.heap.vec_get(r!(o.b()), int!(o.c()))),
            op::VecSet => tri!(st.heap.vec_set(r!(o.a()), int!(o.b()), r!(o.c()))),
            op::VecLen => r!(o.a()) = tri!(st.heap.vector(r!(o.b()))).1.len() as u64,
            // -- calls and signals
            op::Call => enter!(o.xs(), o.b(), o.c(), o.a()),
            op::CallClo => {
                let (w, n) = (o.b(), o.c());
                let clo = r!(w);
                let callee = match st.heap.get(clo) {
                    Some(Object::Closure { func, .. }) => *func as usize,
                    _ => throw!(bad(clo, "closure")),
                };
                let nparams = fns.get(callee).map_or(0, |m| m.nparams as usize);
                if nparams != n + 1 {
                    throw!(Trap::Internal(format!(
                        "closure of a function with {nparams} parameters called with {n} arguments (+1 for the closure)"
                    )));
                }
                enter!(callee, w, n + 1, o.a())
            }
            op::CallVirt => {
                let recv = r!(o.b());
                let layout = match st.heap.get(recv) {
                    Some(Object::Record { layout, .. }) => *layout,
                    _ => throw!(bad(recv, "record (method receiver)")),
                };
                let callee = match tables.vtable.get(&(layout, o.x as u32)) {
                    Some(&f) => f as usize,
                    None => throw!(Trap::Internal(format!("no method for slot {} on layout #{layout}", o.x))),
                };
                enter!(callee, o.b(), o.c(), o.a())
            }
            op::CallNat => {
                let args = window!(o.b(), o.c());
                let mut cx = natives::Cx {
                    module,
                    tables,
                    heap: &mut st.heap,
                    host: &mut *host,
                    stash: &mut st.stash,
                    os_handlers: &mut st.os_handlers,
                    sleeps: &mut st.sleeps,
                    depth: st.frames.len(),
                    limits: &mut st.limits,
                };
                match natives::call(&mut cx, o.x as u16, args) {
                    Ok(Some(v)) => r!(o.a()) = v,
                    Ok(None) => {}
                    Err(t) => throw!(t),
                }
                // host natives are system calls: look for OS signals right after them
                if natives::is_host(o.x as u16) {
                    ticks = 1;
                }
                // `stack::set_limit` (a stage) changed the limits the fast path caches
                if o.x as u16 == natives::SET_STACK_LIMIT {
                    frame_cap = calls::frame_cap(st);
                    regs_len = st.regs.len().min(st.limits.max_registers);
                    reload!();
                }
                safepoint!();
            }
            op::Ret => {
                let val = r!(o.a());
                match st.frames.pop() {
                    None => return finished(st, Some(val)),
                    Some(caller) => {
                        if let Some(slot) = st.regs.get_mut(caller.dest as usize) {
                            *slot = val;
                        }
                        func = caller.func as usize;
                        pc = caller.pc.wrapping_add(1) as usize;
                        base = caller.base as usize;
                        reload!();
                    }
                }
            }
            op::Ret0 => match st.frames.pop() {
                None => return finished(st, None),
                Some(caller) => {
                    func = caller.func as usize;
                    pc = caller.pc.wrapping_add(1) as usize;
                    base = caller.base as usize;
                    reload!();
                }
            },
            op::Raise => throw!(Trap::Signal(r!(o.a()))),
            // -- records
            op::NewRec => {
                let fields = window!(o.b(), o.c());
                r!(o.a()) = tri!(st.heap.new_record(o.x as u32, fields));
            }
            op::Tag => r!(o.a()) = tri!(st.heap.record(r!(o.b()))).0 as u64,
            // -- vectors
            op::NewVec => {
                let mut items = tri!(st.heap.items_with_capacity(o.c()));
                items.extend_from_slice(window!(o.b(), o.c()));
                r!(o.a()) = alloc!(Object::Vector { kind: kind_of(o.x), items });
            }
            op::VecRep => r!(o.a()) = tri!(natives::vec_rep(tables, &mut st.heap, kind_of(o.x), r!(o.b()), int!(o.c()))),
            op::VecPush => tri!(st.heap.vec_push(r!(o.a()), r!(o.b()))),
            // -- strings
            op::StrCat => r!(o.a()) = tri!(st.heap.str_cat(r!(o.b()), r!(o.c()))),
            op::StrEq => r!(o.a()) = tri!(st.heap.str_eq(r!(o.b()), r!(o.c()))) as u64,
            op::StrOfI => r!(o.a()) = new_str!(int!(o.b()).to_string()),
            op::StrOfF => r!(o.a()) = new_str!(fmt::float_display(flt!(o.b()), o.imm())),
            op::StrOfB => r!(o.a()) = new_str!(String::from(if r!(o.b()) != 0 { "true" } else { "false" })),
            op::StrOfC => r!(o.a()) = new_str!(fmt::char_text(int!(o.b()))),
            op::StrOfR => r!(o.a()) = new_str!(fmt::object_display(module, &st.heap, r!(o.b()))),
            op::DbgR => r!(o.a()) = new_str!(fmt::object_debug(module, &st.heap, r!(o.b()))),
            // -- closures and cells
            op::MkClo => {
                let caps: Box<[u64]> = window!(o.b(), o.c()).into();
                r!(o.a()) = alloc!(Object::Closure { func: o.x as u32, caps });
            }
            op::CapGet => r!(o.a()) = tri!(st.heap.capture(fr[0], o.b() as u16)),
            op::NewCell => r!(o.a()) = alloc!(Object::Cell { kind: kind_of(o.x), value: r!(o.b()) }),
            op::CellGet => r!(o.a()) = tri!(st.heap.cell_get(r!(o.b()))),
            op::CellSet => tri!(st.heap.cell_set(r!(o.a()), r!(o.b()))),
            // -- maps
            op::NewMap => r!(o.a()) = alloc!(Object::Map(Box::new(MapObj::new(kind_of(o.x), kind_of(o.x >> 8))))),
            OFF_THE_END_CODE => return internal(module, func, pc, "execution ran past the end of the code"),
            other => return internal(module, func, pc - 1, &format!("unknown internal opcode {other}")),
        }
    }
}

/// The outermost frame returned: the run's outcome, unless it was an exit hook running
/// for `exit(n)` (then the exit goes ahead).
fn finished(st: &State, v: Option<u64>) -> Outcome {
    match st.exiting {
        Some(code) => Outcome::Exit(code),
        None => Outcome::Returned(v),
    }
}

/// Pseudo-instructions the fast loop leaves with.
const SAFEPOINT_CODE: u8 = 0xfe;
const OFF_THE_END_CODE: u8 = 0xff;
const SAFEPOINT: Op = Op { w: SAFEPOINT_CODE as u64, x: 0 };
const OFF_THE_END: Op = Op { w: OFF_THE_END_CODE as u64, x: 0 };
