//! Which reference registers a suspended frame still needs.
//!
//! Registers are allocated once per function, so a value left in a register by a scope
//! that has ended (a temporary tree already walked, a channel sender cloned in a loop
//! body and copied into a spawned coroutine, the closure that captured it) would stay a
//! root until the function returns: memory held for nothing, and a channel whose last
//! senders are such leftovers never closing. Before every collection (`gc.rs`) the
//! registers no path from a frame's pc reads again are cleared, so what only they held
//! is garbage. Cleared, not just skipped: should the analysis ever be wrong, a later
//! read finds null (a trap), never an object that reused the slot.
//!
//! A backward dataflow over one function's bytecode: a register is live at `pc` if some
//! path from `pc` (jumps, fall-through, and a jump to a handler from any instruction its
//! row covers) reads it before writing it. Only `Ref` registers are tracked. Computed
//! the first time the collector meets the function, kept in its `FnMeta`.
use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

use cprime_bytecode::isa::{Insn, Operand};
use cprime_bytecode::module::{Function, Kind, Module};
use cprime_bytecode::natives::{NRet, NATIVES};
use smallvec::SmallVec;

use crate::unwind::Resume;
use crate::{State, Tables};

/// Live-in sets of one function's `Ref` registers, one bit set per instruction.
pub(crate) struct Liveness {
    /// Dense index of each register among the `Ref` ones (`NOT_REF` for the others).
    slot: Vec<u32>,
    /// Words per instruction's set.
    words: usize,
    live_in: Vec<u64>,
}

const NOT_REF: u32 = u32::MAX;

/// Bounds on the work of one analysis; past them every register counts as live (safe,
/// only less precise): instructions x words of 64 registers per set, handler coverage
/// entries, and passes of the fixed-point iteration (one per loop nesting level plus one
/// in compiled code; a chain of backward jumps could need one per instruction).
const MAX_SET_WORDS: usize = 1 << 18;
const MAX_COVERED: usize = 1 << 20;
const MAX_PASSES: usize = 64;

impl Liveness {
    pub(crate) fn of(f: &Function) -> Liveness {
        let mut slot = vec![NOT_REF; f.regs.len()];
        let mut refs = 0u32;
        for (r, k) in f.regs.iter().enumerate() {
            if *k == Kind::Ref {
                slot[r] = refs;
                refs += 1;
            }
        }
        let words = (refs as usize).div_ceil(64);
        let n = f.code.len();
        let covered: usize = f.handlers.iter().map(|h| (h.end as usize).saturating_sub(h.start as usize)).sum();
        if words == 0 || n.saturating_mul(words) > MAX_SET_WORDS || covered > MAX_COVERED {
            // nothing to track, or too big to analyse: every register counts as live
            return Liveness { slot, words, live_in: Vec::new() };
        }
        let mut lv = Liveness { slot, words, live_in: vec![0; n * words] };
        // what each instruction reads and writes, as sets over the dense indices
        let mut uses = vec![0u64; n * words];
        let mut defs = vec![0u64; n * words];
        for (pc, insn) in f.code.iter().enumerate() {
            let (u, d) = (&mut uses[pc * words..(pc + 1) * words], &mut defs[pc * words..(pc + 1) * words]);
            // a call's result register is written only when the callee returns a value
            // (`Ret0`, a void native, leave it as it was): not counted as written
            let writes = match insn {
                Insn::Call { .. } | Insn::CallClo { .. } | Insn::CallVirt { .. } => false,
                Insn::CallNat { x, .. } => NATIVES.get(x.0 as usize).is_some_and(|nat| !matches!(nat.ret, NRet::Void | NRet::Never)),
                _ => true,
            };
            insn.operands(|_, op| match op {
                Operand::Read(_, r) => lv.set(u, r as usize),
                Operand::Write(_, r) if writes => lv.set(d, r as usize),
                _ => {}
            });
            if let Some((w, count)) = insn.window() {
                for r in w as usize..w as usize + count {
                    lv.set(u, r);
                }
            }
            if let Insn::CapGet { .. } = insn {
                // the running closure, read implicitly
                lv.set(u, 0);
            }
        }
        // the handler rows covering each instruction (looked up on every pass)
        let mut covering: Vec<SmallVec<[u32; 2]>> = vec![SmallVec::new(); n];
        for (k, h) in f.handlers.iter().enumerate() {
            for c in covering.iter_mut().take(h.end as usize).skip(h.start as usize) {
                c.push(k as u32);
            }
        }
        // iterate to the fixed point, last instruction first (few passes: one per loop
        // nesting level, plus one)
        let mut scratch = vec![0u64; words];
        for _ in 0..MAX_PASSES {
            let mut changed = false;
            for pc in (0..n).rev() {
                scratch.fill(0);
                for succ in successors(&f.code, pc) {
                    for (s, x) in scratch.iter_mut().zip(&lv.live_in[succ * words..(succ + 1) * words]) {
                        *s |= x;
                    }
                }
                for (s, d) in scratch.iter_mut().zip(&defs[pc * words..(pc + 1) * words]) {
                    *s &= !d;
                }
                for (s, u) in scratch.iter_mut().zip(&uses[pc * words..(pc + 1) * words]) {
                    *s |= u;
                }
                // any instruction may raise (a fault, out of memory): a handler covering it
                // sees the registers as they were, less the one the signal lands in
                for h in covering[pc].iter().filter_map(|&k| f.handlers.get(k as usize)) {
                    let Some(at) = (h.target as usize).checked_mul(words).filter(|&at| at + words <= n * words) else {
                        continue;
                    };
                    let landing = lv.slot.get(h.reg as usize).copied().unwrap_or(NOT_REF);
                    for (i, s) in scratch.iter_mut().enumerate() {
                        let mut x = lv.live_in[at + i];
                        if landing != NOT_REF && landing as usize / 64 == i {
                            x &= !(1u64 << (landing % 64));
                        }
                        *s |= x;
                    }
                }
                let cur = &mut lv.live_in[pc * words..(pc + 1) * words];
                if cur != &scratch[..] {
                    // sets only grow, so this ends
                    for (c, s) in cur.iter_mut().zip(&scratch) {
                        *c |= s;
                    }
                    changed = true;
                }
            }
            if !changed {
                return lv;
            }
        }
        // (a chain of backward jumps that needs more passes) every register counts as live
        lv.live_in = Vec::new();
        lv
    }

    fn set(&self, bits: &mut [u64], reg: usize) {
        if let Some(&s) = self.slot.get(reg) {
            if s != NOT_REF {
                bits[s as usize / 64] |= 1 << (s % 64);
            }
        }
    }

    /// Whether `reg` (a `Ref` register) may still be read from instruction `pc` on. Out of
    /// range (or a function too big to analyse) answers yes: keeping a value is safe.
    pub(crate) fn is_live(&self, pc: usize, reg: usize) -> bool {
        match self.slot.get(reg) {
            Some(&s) if s != NOT_REF => {
                let word = pc.checked_mul(self.words).and_then(|at| at.checked_add(s as usize / 64));
                word.and_then(|i| self.live_in.get(i)).is_none_or(|w| w & (1 << (s % 64)) != 0)
            }
            _ => true,
        }
    }
}

/// Where control may go after instruction `pc` (handlers aside).
fn successors(code: &[Insn], pc: usize) -> impl Iterator<Item = usize> {
    let next = pc + 1;
    let (fall, target) = match code[pc] {
        Insn::Jmp { t } => (false, Some(t.0)),
        Insn::JmpIf { t, .. }
        | Insn::JmpIfNot { t, .. }
        | Insn::JltI { t, .. }
        | Insn::JleI { t, .. }
        | Insn::JeqI { t, .. }
        | Insn::JneI { t, .. }
        | Insn::JltIK { t, .. }
        | Insn::JgeIK { t, .. }
        | Insn::JeqIK { t, .. }
        | Insn::JneIK { t, .. } => (true, Some(t.0)),
        Insn::Ret { .. } | Insn::Ret0 {} | Insn::Raise { .. } => (false, None),
        Insn::CallNat { x, .. } => (NATIVES.get(x.0 as usize).is_none_or(|nat| nat.ret != NRet::Never), None),
        _ => (true, None),
    };
    let n = code.len();
    let fall = (fall && next < n).then_some(next);
    let target = target.map(|t| t as usize).filter(|&t| t < n);
    fall.into_iter().chain(target)
}

/// The liveness of function `func`, computed on first use and kept in its `FnMeta`.
fn of_function<'t>(module: &Module, tables: &'t Tables, func: usize) -> Option<&'t Liveness> {
    let f = module.functions.get(func)?;
    let meta = tables.fns.get(func)?;
    Some(meta.live.get_or_init(|| Box::new(Liveness::of(f))))
}

/// Clears the `Ref` registers of `st`'s frames that no path reads again, before a
/// collection: the running (or suspended) frame `top` at the instruction it continues
/// with, and every caller below its callee's window. A caller waits at a call (or, for
/// an OS signal handler's frame, just before the instruction it continues with): what
/// it may read is what is live at that instruction or the next.
pub(crate) fn clear_dead_registers(module: &Module, tables: &Tables, st: &mut State, top: Resume) {
    let State { regs, frames, .. } = st;
    let mut clear = |func: usize, base: usize, limit: usize, live: &dyn Fn(&Liveness, usize) -> bool| {
        let (Some(lv), Some(f)) = (of_function(module, tables, func), module.functions.get(func)) else { return };
        for (r, k) in f.regs.iter().enumerate() {
            let at = base + r;
            if at >= limit {
                break;
            }
            if *k == Kind::Ref && !live(lv, r) {
                if let Some(v) = regs.get_mut(at) {
                    *v = 0;
                }
            }
        }
    };
    for (i, f) in frames.iter().enumerate() {
        let limit = frames.get(i + 1).map_or(top.base, |next| next.base as usize);
        let pc = f.pc as usize;
        clear(f.func as usize, f.base as usize, limit, &|lv, r| lv.is_live(pc, r) || lv.is_live(pc.wrapping_add(1), r));
    }
    clear(top.func, top.base, usize::MAX, &|lv, r| lv.is_live(top.pc, r));
}

#[cfg(test)]
mod tests {
    use super::*;
    use cprime_bytecode::isa::*;
    use cprime_bytecode::module::{Except, Handler};

    fn func(regs: Vec<Kind>, code: Vec<Insn>, handlers: Vec<Handler>) -> Function {
        Function {
            name: "f".into(),
            file: 0,
            params: vec![],
            captures: vec![],
            ret: None,
            regs,
            code,
            handlers,
            lines: vec![],
            except: Except::Any,
        }
    }

    #[test]
    fn a_register_is_dead_after_its_last_read_and_live_before_it() {
        use Kind::Ref;
        // r0 := "a"; r1 := "b"; r0 := r0 ++ r1 (pc 2); return r0
        let f = func(
            vec![Ref, Ref],
            vec![
                Insn::LdK { a: Wr(0), k: K(0) },
                Insn::LdK { a: Wr(1), k: K(0) },
                Insn::StrCat { a: Wr(0), b: Rr(0), c: Rr(1) },
                Insn::Ret { v: Rx(0) },
            ],
            vec![],
        );
        let lv = Liveness::of(&f);
        assert!(!lv.is_live(0, 0) && !lv.is_live(0, 1), "both are written before any read");
        assert!(lv.is_live(2, 0) && lv.is_live(2, 1));
        assert!(lv.is_live(3, 0) && !lv.is_live(3, 1), "r1 is dead once read");
    }

    #[test]
    fn a_loop_keeps_alive_what_its_next_iteration_reads() {
        use Kind::{Int, Ref};
        // pc0: r1 := r1 ++ r0; pc1: if r2 != 0 goto pc0; pc2: r0 := null; pc3: ret0
        let f = func(
            vec![Ref, Ref, Int],
            vec![
                Insn::StrCat { a: Wr(1), b: Rr(1), c: Rr(0) },
                Insn::JmpIf { c: Ri(2), t: Tgt(0) },
                Insn::LdNull { a: Wr(0) },
                Insn::Ret0 {},
            ],
            vec![],
        );
        let lv = Liveness::of(&f);
        assert!(lv.is_live(1, 0) && lv.is_live(1, 1), "read again by the next iteration");
        assert!(!lv.is_live(2, 0) && !lv.is_live(2, 1));
    }

    #[test]
    fn a_handler_sees_registers_its_range_did_not_write_yet() {
        use Kind::Ref;
        // pc0: r0 := "x" (covered by a handler at pc2 that reads r0 and lands in r1)
        // pc1: ret0; pc2: raise r0
        let f = func(
            vec![Ref, Ref],
            vec![Insn::StrCat { a: Wr(1), b: Rr(1), c: Rr(1) }, Insn::Ret0 {}, Insn::Raise { s: Rr(0) }],
            vec![Handler { start: 0, end: 1, target: 2, reg: 1, signals: vec![] }],
        );
        let lv = Liveness::of(&f);
        assert!(lv.is_live(0, 0), "the handler reads r0");
        assert!(lv.is_live(0, 1), "StrCat itself reads r1");
        assert!(!lv.is_live(1, 0), "past the covered range nobody reads r0");
    }

    #[test]
    fn a_call_may_leave_its_result_register_as_it_was() {
        use Kind::Ref;
        // a callee that returns nothing does not write `a`: r0, read at the end, stays
        // live across the call that names it as its result (found in review: a void call
        // cleared a live string under CPRIME_GC_STRESS)
        let f = func(
            vec![Ref, Ref],
            vec![
                Insn::LdK { a: Wr(0), k: K(0) },
                Insn::Call { a: Wx(1), f: Fun(0), w: Win(2), n: N(0) },
                Insn::Call { a: Wx(0), f: Fun(0), w: Win(2), n: N(0) },
                Insn::Ret { v: Rx(0) },
            ],
            vec![],
        );
        let lv = Liveness::of(&f);
        assert!(lv.is_live(1, 0) && lv.is_live(2, 0));
    }

    #[test]
    fn a_function_too_big_to_analyse_keeps_every_register() {
        use Kind::{Int, Ref};
        // pc 0 returns r0; pcs 1..=m each jump back one (or fall through); pc m+1 ends.
        // Liveness reaches pc m only through m backward jumps, a pass each: past the
        // bound the answer is "live" everywhere, even where r0 is dead (the last pc)
        let chain = |m: u32| {
            let mut code = vec![Insn::Ret { v: Rx(0) }];
            code.extend((1..=m).map(|i| Insn::JmpIf { c: Ri(1), t: Tgt(i - 1) }));
            code.push(Insn::Ret0 {});
            Liveness::of(&func(vec![Ref, Int], code, vec![]))
        };
        let short = chain(8);
        assert!(short.is_live(8, 0) && !short.is_live(9, 0), "analysed exactly");
        let m = MAX_PASSES as u32 * 2;
        let long = chain(m);
        assert!(long.is_live(m as usize + 1, 0), "too many passes: everything live");
        assert!(long.is_live(usize::MAX, 0), "an out-of-range pc keeps everything too");
    }

    #[test]
    fn a_closure_body_keeps_its_closure_for_capture_reads() {
        use Kind::Ref;
        let f = func(vec![Ref, Ref], vec![Insn::CapGet { a: Wx(1), i: N(0) }, Insn::Ret { v: Rx(1) }], vec![]);
        let lv = Liveness::of(&f);
        assert!(lv.is_live(0, 0));
        assert!(!lv.is_live(1, 0));
    }

    // The property: on any path a function can take (branches either way, a raise to a
    // covering handler at any instruction), a register the analysis calls dead at some
    // point is written before it is read again. Random functions over a mix of
    // instructions (windows, implicit reads, handlers, loops); a random walk poisons the
    // dead registers at a random step and fails on a read of a poisoned one.
    mod walk {
        use super::*;
        use proptest::prelude::*;
        use std::vec::Vec;

        const REGS: u16 = 6;

        fn insn(op: u8, x: u16, y: u16, z: u16, t: u32) -> Insn {
            let (x, y, z) = (x % REGS, y % REGS, z % REGS);
            match op % 12 {
                0 => Insn::Mov { a: Wx(x), b: Rx(y) },
                1 => Insn::LdNull { a: Wr(x) },
                2 => Insn::StrCat { a: Wr(x), b: Rr(y), c: Rr(z) },
                3 => Insn::JmpIf { c: Ri(y), t: Tgt(t) },
                4 => Insn::Jmp { t: Tgt(t) },
                5 => Insn::Ret { v: Rx(x) },
                6 => Insn::Raise { s: Rr(x) },
                7 => Insn::NewVec { a: Wr(x), k: Kd(Kind::Ref), w: Win(y), n: N(z % (REGS - y)) },
                8 => Insn::CallClo { a: Wx(x), w: Win(y), n: N(z % (REGS - y)) },
                9 => Insn::CapGet { a: Wx(x), i: N(0) },
                10 => Insn::JltI { b: Ri(y), c: Ri(z), t: Tgt(t) },
                _ => Insn::LdNull { a: Wr(x) },
            }
        }

        fn reads(insn: &Insn) -> Vec<usize> {
            let mut r = Vec::new();
            insn.operands(|_, op| {
                if let Operand::Read(_, x) = op {
                    r.push(x as usize);
                }
            });
            if let Some((w, n)) = insn.window() {
                r.extend(w as usize..w as usize + n);
            }
            if let Insn::CapGet { .. } = insn {
                r.push(0);
            }
            r
        }

        /// What the instruction writes; `void` says whether a call's callee returned
        /// nothing (its result register then keeps its old value).
        fn writes(insn: &Insn, void: bool) -> Vec<usize> {
            let mut r = Vec::new();
            if void && matches!(insn, Insn::CallClo { .. }) {
                return r;
            }
            insn.operands(|_, op| {
                if let Operand::Write(_, x) = op {
                    r.push(x as usize);
                }
            });
            r
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
            #[test]
            fn a_register_called_dead_is_written_before_any_read(
                code in proptest::collection::vec((any::<u8>(), any::<u16>(), any::<u16>(), any::<u16>(), any::<u32>()), 1..24),
                handlers in proptest::collection::vec((any::<u32>(), any::<u32>(), any::<u32>(), any::<u16>()), 0..3),
                choices in proptest::collection::vec(any::<u8>(), 64),
                poison_at in 0usize..32,
            ) {
                let n = code.len() as u32;
                let mut code: Vec<Insn> = code.iter().map(|&(op, x, y, z, t)| insn(op, x, y, z, t % n)).collect();
                code.push(Insn::Ret0 {});
                let n = code.len() as u32;
                let handlers: Vec<Handler> = handlers
                    .iter()
                    .map(|&(a, b, t, r)| {
                        let (start, end) = (a % n, b % n);
                        let (start, end) = (start.min(end), start.max(end));
                        Handler { start, end, target: t % n, reg: r % REGS, signals: vec![] }
                    })
                    .collect();
                let kinds = |i: u16| if i % 3 == 2 { Kind::Int } else { Kind::Ref };
                let f = func((0..REGS).map(kinds).collect(), code, handlers);
                let lv = Liveness::of(&f);
                let mut poisoned = [false; REGS as usize];
                let mut pc = 0usize;
                for (step, &c) in choices.iter().enumerate() {
                    if step == poison_at {
                        for (r, p) in poisoned.iter_mut().enumerate() {
                            *p = f.regs[r] == Kind::Ref && !lv.is_live(pc, r);
                        }
                    }
                    let i = f.code[pc];
                    for r in reads(&i) {
                        prop_assert!(!poisoned[r], "r{} read at pc {} after it was called dead\n{:?}", r, pc, f.code);
                    }
                    // a raise here (any instruction may) goes to a covering handler
                    let covering: Vec<&Handler> = f.handlers.iter().filter(|h| (h.start as usize..h.end as usize).contains(&pc)).collect();
                    if !covering.is_empty() && (c % 4 == 0 || matches!(i, Insn::Raise { .. })) {
                        let h = covering[c as usize % covering.len()];
                        poisoned[h.reg as usize] = false;
                        pc = h.target as usize;
                        continue;
                    }
                    for r in writes(&i, c % 3 == 1) {
                        poisoned[r] = false;
                    }
                    let next: Vec<usize> = successors(&f.code, pc).collect();
                    if next.is_empty() {
                        break;
                    }
                    pc = next[c as usize % next.len()];
                }
            }
        }
    }
}
