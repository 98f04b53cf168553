//! The interpreter: threaded handlers for the simple instructions (`threaded.rs`) and an
//! outer `match` for everything else, over the translated instructions (`code.rs`).
//!
//! Why it looks like this (see `shared/notes/interpreter-dispatch.md` and
//! `docs/performance.md`):
//! - Simple instructions (arithmetic, moves, jumps, field and element access, direct and
//!   virtual calls, returns) run in a chain of handlers that tail-call each other: one
//!   dispatch jump per handler, the running state in argument registers.
//! - Calls and returns happen in that chain on an explicit frame stack, never by Rust
//!   recursion, so guest recursion depth costs no Rust stack and a call is a few stores.
//! - Everything else (allocation, natives, closures, faults, stack growth, safepoint work)
//!   ends the chain; this function's match executes the instruction (for a chain
//!   instruction that failed, it runs it again with full error handling) and starts a
//!   new chain after it. Here a frame's registers are a checked slice `fr`.
//! - Everything exceptional (raising, collecting, growing the stacks, internal errors)
//!   is in cold functions (`unwind.rs`, `calls.rs`).
//!
//! Safepoints are calls (after entering the callee), native calls (after they return)
//! and backward jumps. There the code counts `ticks` down (fuel, or the host-signal poll
//! interval) and checks `heap.poll` (a collection is due); both are one compare each.
mod calls;
mod threaded;
pub(crate) mod code;
pub(crate) use calls::{drain_host_signals, enter_os_handler};

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};

use cprime_bytecode::module::Module;

use crate::heap::{bad, Object};
use crate::map::MapObj;
use crate::unwind::{self, internal, Resume};
use crate::{format as fmt, natives, FnMeta, Frame, Host, Outcome, State, Tables, Trap};
use code::{kind_of, op, Op};

/// Runs from `start` (a function's first instruction with its registers set up, or
/// where a preempted slice stopped) to completion, or until the slice (`st.slice`) is
/// used up.
/// Under the coroutine scheduler, `co` is its bookkeeping (for the coroutine natives).
pub(crate) fn execute(module: &Module, tables: &Tables, st: &mut State, host: &mut dyn Host, start: Resume, mut co: crate::co::CoAccess) -> Outcome {
    let funcs: &[alloc::boxed::Box<[Op]>] = &tables.code;
    let fns: &[FnMeta] = &tables.fns;
    let fuel_mode = st.limits.fuel.is_some() || st.slice.is_some();
    let mut ticks: u64 = match (st.limits.fuel, st.slice) {
        (Some(f), _) => f.max(1),
        (None, Some(s)) => s.max(1),
        (None, None) => calls::INTERVAL,
    };
    let mut frame_cap = calls::frame_cap(st);
    // `st.regs.len()` capped by the register limit (which a stage may lower), kept in a
    // local: the chain reads it without going through `st`
    let mut regs_len = st.regs.len().min(st.limits.max_registers);
    let Resume { mut func, mut pc, mut base } = start;
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
        }};
    }
    // Raises / handles a trap of the instruction at `pc - 1`, then continues wherever
    // the unwinder says (a handler, or the same instruction after a collection).
    macro_rules! throw {
        ($trap:expr) => {{
            let trap: Trap = $trap;
            let raises = trap.raises();
            match unwind::throw(module, tables, st, host, trap, func, pc - 1, base) {
                Ok(r) => {
                    func = r.func;
                    pc = r.pc;
                    base = r.base;
                    if raises {
                        co.signal_caught();
                        // a catch is a safepoint, as a backward jump is: a handler
                        // that loops back to the raise must still collect and yield
                        ticks = ticks.saturating_sub(1);
                        if ticks == 0 || st.heap.poll != 0 {
                            run_safepoint!();
                        }
                    }
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

    loop {
        // The threaded chain runs the simple instructions (`threaded.rs`); it comes back
        // here for a safepoint, or with an instruction only this match runs (or that
        // failed there and runs again here with full error handling).
        let mut fx = threaded::Fast::new(st, tables, func, base, ticks, frame_cap, regs_len);
        let exit = threaded::run(&mut fx, pc);
        (func, base, ticks) = (fx.func, fx.base, fx.ticks);
        pc = exit.pc();
        if exit.is_safepoint() {
            run_safepoint!();
            continue;
        }
        reload!();
        let o = match code.get(pc) {
            Some(o) => *o,
            None => return internal(module, func, pc, "execution ran past the end of the code"),
        };
        pc += 1;
        match o.code() {
            op::DivI | op::RemI => throw!(Trap::DivZero),
            op::LdK => {
                let k = o.xs();
                let h = match st.consts.get(k).copied() {
                    Some(h) if h != 0 => h,
                    _ => {
                        let text = match module.consts.get(k) {
                            Some(cprime_bytecode::module::Const::Str(s)) => s.as_str(),
                            None => return internal(module, func, pc - 1, "unknown constant"),
                        };
                        let h = tri!(st.heap.alloc(Object::Str(text.into())));
                        if st.consts.len() < module.consts.len() {
                            // a coroutine's table is made at its first constant
                            tri!(st.consts.try_reserve_exact(module.consts.len() - st.consts.len()).map_err(|_| Trap::Oom));
                            st.consts.resize(module.consts.len(), 0);
                        }
                        if let Some(slot) = st.consts.get_mut(k) {
                            *slot = h;
                        }
                        h
                    }
                };
                r!(o.a()) = h;
            }
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
                let callee = match tables.method(layout, o.x as u32) {
                    Some(f) => f,
                    None => throw!(Trap::Internal(format!("no method for slot {} on layout #{layout}", o.x))),
                };
                enter!(callee, o.b(), o.c(), o.a())
            }
            op::CallNat | op::CallMath => {
                let args = window!(o.b(), o.c());
                // (released before a raise is handled: `CoAccess::signal_caught` locks)
                #[cfg(feature = "std")]
                let mut guard = None;
                let core = match &mut co {
                    crate::co::CoAccess::None => None,
                    crate::co::CoAccess::Own(c) => Some(&mut **c),
                    #[cfg(feature = "std")]
                    crate::co::CoAccess::Shared(m, me)
                        if natives::uses_core(o.x as u16) || (natives::is_output(o.x as u16) && host.output_backlogged()) =>
                    {
                        let g = guard.insert(crate::co::lock(m));
                        g.me = *me;
                        Some(&mut **g)
                    }
                    #[cfg(feature = "std")]
                    crate::co::CoAccess::Shared(..) => None,
                };
                let mut cx = natives::Cx {
                    module,
                    tables,
                    heap: &mut st.heap,
                    host: &mut *host,
                    stash: &mut st.stash,
                    extras: &mut st.extras,
                    depth: st.frames.len(),
                    limits: &mut st.limits,
                    co: core,
                };
                match natives::call(&mut cx, o.x as u16, args) {
                    Ok(Some(v)) => r!(o.a()) = v,
                    Ok(None) => {}
                    // a coroutine waits here (without the unwinder's other cases)
                    Err(Trap::Block) => return unwind::block(st, Resume { func, pc: pc - 1, base }),
                    Err(t) => {
                        #[cfg(feature = "std")]
                        drop(guard.take());
                        throw!(t)
                    }
                }
                // host natives are system calls: look for OS signals right after them
                // (under the coroutine scheduler, which polls between time slices, that
                // would end the slice after every clock read or print)
                if natives::is_host(o.x as u16) && st.slice.is_none() {
                    ticks = 1;
                }
                // `stack::set_limit` (a stage) changed the limits the fast path caches
                if o.x as u16 == natives::SET_STACK_LIMIT {
                    frame_cap = calls::frame_cap(st);
                    regs_len = st.regs.len().min(st.limits.max_registers);
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
                    }
                }
            }
            op::Ret0 => match st.frames.pop() {
                None => return finished(st, None),
                Some(caller) => {
                    func = caller.func as usize;
                    pc = caller.pc.wrapping_add(1) as usize;
                    base = caller.base as usize;
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
            op::DbgT => r!(o.a()) = new_str!(fmt::shaped_debug(module, &st.heap, r!(o.b()), o.x as u32)),
            // -- closures and cells
            op::MkClo => {
                let caps = crate::heap::Fields::from_slice(window!(o.b(), o.c()));
                r!(o.a()) = alloc!(Object::Closure { func: o.x as u32, caps });
            }
            op::CapGet => r!(o.a()) = tri!(st.heap.capture(fr[0], func, o.b() as u16)),
            op::NewCell => r!(o.a()) = alloc!(Object::Cell { kind: kind_of(o.x), value: r!(o.b()) }),
            // a cell's kind is known only here: the register must have it (the verifier
            // cannot tell an int cell read into a `ref` register)
            op::CellGet => r!(o.a()) = tri!(st.heap.cell_get_as(r!(o.b()), code::reg_kind_of(o.x))),
            op::CellSet => tri!(st.heap.cell_set_as(r!(o.a()), r!(o.b()), code::reg_kind_of(o.x))),
            // -- maps
            op::NewMap => r!(o.a()) = alloc!(Object::Map(Box::new(MapObj::new(kind_of(o.x), kind_of(o.x >> 8))))),
            other => return internal(module, func, pc - 1, &format!("unknown internal opcode {other}")),
        }
    }
}

/// The outermost frame returned: the run's outcome, unless it was an exit hook running
/// for `exit(n)` (then the exit goes ahead).
fn finished(st: &State, v: Option<u64>) -> Outcome {
    match st.exiting() {
        Some(code) => Outcome::Exit(code),
        None => Outcome::Returned(v),
    }
}
