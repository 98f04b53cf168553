//! Local clean-up of a finished function's code, before it is written out.
//!
//! Lowering is single-pass and allocates a fresh register for every intermediate value,
//! then copies values into the variable, argument-window or join register that needs
//! them. That leaves a `Mov` after most instructions. This pass removes the copies the
//! interpreter would otherwise execute on every run:
//!
//! - `X t, ..; Mov d, t` becomes `X d, ..` when `t` is a temporary (written once by `X`,
//!   read once by the `Mov`) and nothing jumps to the `Mov`;
//! - `Mov d, s; Ret d` becomes `Ret s`, and a `Jmp` to a `Ret`/`Ret0` becomes that return;
//! - a `Jmp` to a `Jmp` goes straight to the final target.
//!
//! Deleted instructions are squeezed out and every pc (jump targets, handler rows, the
//! line table) is renumbered. The pass never changes what a program computes: a register
//! it renames is invisible outside the two instructions it merges.
use cprime_bytecode::isa::{Insn, Operand, Rx};
use cprime_bytecode::module::Function;

pub fn optimize(f: &mut Function) {
    thread_jumps(f);
    let dead = merge_moves(f);
    returns_through_moves(f);
    if dead.iter().any(|&d| d) {
        compact(f, &dead);
    }
}

/// Registers read as part of a window (`w..w+n`, plus the closure slot of `CallClo`).
fn window_of(i: &Insn) -> Option<(u16, u16)> {
    let (mut w, mut n) = (None, 0u16);
    i.operands(|_, o| match o {
        Operand::Window(x) => w = Some(x),
        Operand::Count(c) => n = c,
        _ => {}
    });
    let extra = matches!(i, Insn::CallClo { .. }) as u16;
    w.map(|w| (w, n.saturating_add(extra)))
}

/// The register an instruction writes, if any.
fn written(i: &Insn) -> Option<u16> {
    let mut out = None;
    i.operands(|_, o| {
        if let Operand::Write(_, r) = o {
            out = Some(r);
        }
    });
    out
}

fn targets(i: &Insn) -> impl Iterator<Item = u32> {
    let mut out = smallvec_like::Targets::default();
    i.operands(|_, o| {
        if let Operand::Target(t) = o {
            out.push(t);
        }
    });
    out.into_iter()
}

mod smallvec_like {
    /// At most two targets per instruction; avoids a heap allocation per instruction.
    #[derive(Default)]
    pub struct Targets {
        items: [u32; 2],
        len: usize,
    }
    impl Targets {
        pub fn push(&mut self, t: u32) {
            if self.len < 2 {
                self.items[self.len] = t;
                self.len += 1;
            }
        }
    }
    impl IntoIterator for Targets {
        type Item = u32;
        type IntoIter = std::iter::Take<std::array::IntoIter<u32, 2>>;
        fn into_iter(self) -> Self::IntoIter {
            self.items.into_iter().take(self.len)
        }
    }
}

/// `Jmp` to `Jmp` follows the chain (bounded, so a `loop {}` cycle ends); `Jmp` to a
/// return becomes the return.
fn thread_jumps(f: &mut Function) {
    for pc in 0..f.code.len() {
        let Insn::Jmp { t } = f.code[pc] else { continue };
        let mut target = t.0;
        for _ in 0..8 {
            match f.code.get(target as usize) {
                Some(Insn::Jmp { t }) if t.0 != target => target = t.0,
                _ => break,
            }
        }
        match f.code.get(target as usize) {
            Some(r @ (Insn::Ret { .. } | Insn::Ret0 {})) => f.code[pc] = *r,
            _ => {
                if let Insn::Jmp { t } = &mut f.code[pc] {
                    t.0 = target;
                }
            }
        }
    }
}

/// Folds `X t, ..; Mov d, t` into `X d, ..` where `t` is a pure temporary. Returns the
/// instructions that became dead.
fn merge_moves(f: &mut Function) -> Vec<bool> {
    let n = f.code.len();
    let nregs = f.regs.len();
    let mut reads = vec![0u32; nregs];
    let mut writes = vec![0u32; nregs];
    // registers that must keep their number: parameters, windows, handler registers
    let mut pinned = vec![false; nregs];
    let mut is_target = vec![false; n + 1];
    for p in pinned.iter_mut().take(f.params.len()) {
        *p = true;
    }
    for h in &f.handlers {
        if let Some(p) = pinned.get_mut(h.reg as usize) {
            *p = true;
        }
        for t in [h.start, h.end, h.target] {
            if let Some(x) = is_target.get_mut(t as usize) {
                *x = true;
            }
        }
    }
    for i in &f.code {
        i.operands(|_, o| match o {
            Operand::Read(_, r) => {
                if let Some(c) = reads.get_mut(r as usize) {
                    *c += 1;
                }
            }
            Operand::Write(_, r) => {
                if let Some(c) = writes.get_mut(r as usize) {
                    *c += 1;
                }
            }
            _ => {}
        });
        if let Some((w, len)) = window_of(i) {
            let end = (w as usize + len as usize).min(nregs);
            if let Some(span) = pinned.get_mut(w as usize..end) {
                span.fill(true);
            }
        }
        for t in targets(i) {
            if let Some(x) = is_target.get_mut(t as usize) {
                *x = true;
            }
        }
    }
    let mut covered = vec![false; n];
    for h in &f.handlers {
        for c in covered.iter_mut().take((h.end as usize).min(n)).skip(h.start as usize) {
            *c = true;
        }
    }
    let mut dead = vec![false; n];
    for pc in 1..n {
        let Insn::Mov { a: d, b: t } = f.code[pc] else { continue };
        let tr = t.0 as usize;
        if is_target[pc] || tr >= nregs || pinned[tr] || reads[tr] != 1 || writes[tr] != 1 {
            continue;
        }
        // the writer of `t`: the instruction before, or one a few straight-line
        // instructions back that leave `d` alone (`LdI t1; LdI t2; Mov d1, t1; Mov d2, t2`)
        let Some(x) = (1..=MOVE_WINDOW.min(pc)).map(|k| pc - k).find(|&x| !dead[x] && written(&f.code[x]) == Some(t.0)) else {
            continue;
        };
        // (and no handler row sees the early write if something in between raises)
        let guarded = pc > x + 1 && (x..pc).any(|y| covered[y]);
        let clear = !guarded && (x + 1..pc).all(|y| dead[y] || (!is_target[y] && straight_line(&f.code[y]) && !touches(&f.code[y], d.0)));
        if !clear || is_target[x + 1..=pc].iter().any(|&b| b) {
            continue;
        }
        f.code[x].rewrite_operands(|o| match o {
            Operand::Write(_, r) if r == t.0 => Some(d.0 as u32),
            _ => None,
        });
        dead[pc] = true;
    }
    dead
}

/// How far back `merge_moves` looks for a temporary's writer.
const MOVE_WINDOW: usize = 4;

/// Whether control always goes on to the next instruction (no jump, call or raise: a
/// call's callee frame could overlap a renamed register).
fn straight_line(i: &Insn) -> bool {
    let mut plain = window_of(i).is_none();
    i.operands(|_, o| {
        if matches!(o, Operand::Target(_)) {
            plain = false;
        }
    });
    plain && !matches!(i, Insn::Ret { .. } | Insn::Ret0 {} | Insn::Raise { .. })
}

/// Whether `i` reads or writes register `r`.
fn touches(i: &Insn, r: u16) -> bool {
    let mut hit = false;
    i.operands(|_, o| {
        if let Operand::Read(_, x) | Operand::Write(_, x) = o {
            hit |= x == r;
        }
    });
    hit
}

/// `Mov d, s` directly before `Ret d`: return `s` (the `Ret d` stays for other paths).
fn returns_through_moves(f: &mut Function) {
    for pc in 0..f.code.len().saturating_sub(1) {
        if let (Insn::Mov { a, b }, Insn::Ret { v }) = (f.code[pc], f.code[pc + 1]) {
            if a.0 == v.0 {
                f.code[pc] = Insn::Ret { v: Rx(b.0) };
            }
        }
    }
}

/// Removes the `dead` instructions and renumbers every pc that refers to the code.
fn compact(f: &mut Function, dead: &[bool]) {
    let n = f.code.len();
    // new index of the first surviving instruction at or after each old pc
    let mut map = vec![0u32; n + 1];
    let mut next = 0u32;
    for pc in 0..n {
        map[pc] = next;
        if !dead[pc] {
            next += 1;
        }
    }
    map[n] = next;
    let at = |pc: u32| map.get(pc as usize).copied().unwrap_or(next);
    let mut code = Vec::with_capacity(next as usize);
    for (pc, i) in f.code.iter().enumerate() {
        if dead[pc] {
            continue;
        }
        let mut i = *i;
        i.rewrite_operands(|o| match o {
            Operand::Target(t) => Some(at(t)),
            _ => None,
        });
        code.push(i);
    }
    f.code = code;
    for h in &mut f.handlers {
        h.start = at(h.start);
        h.end = at(h.end);
        h.target = at(h.target);
    }
    let mut lines: Vec<(u32, u32)> = Vec::with_capacity(f.lines.len());
    for &(pc, line) in &f.lines {
        let p = at(pc);
        match lines.last_mut() {
            // a deleted instruction's entry collapses onto its successor's: the later wins
            Some(last) if last.0 == p => last.1 = line,
            _ => lines.push((p, line)),
        }
    }
    // an entry pointing past the end is useless
    while lines.last().is_some_and(|l| l.0 as usize >= f.code.len() && !f.code.is_empty()) {
        lines.pop();
    }
    f.lines = lines;
}

#[cfg(test)]
mod tests {
    use super::*;
    use cprime_bytecode::isa::*;
    use cprime_bytecode::module::{Except, Handler, Kind};

    fn func(params: usize, regs: usize, code: Vec<Insn>) -> Function {
        Function {
            name: "t".into(),
            file: 0,
            params: vec![Kind::Int; params],
            captures: vec![],
            ret: Some(Kind::Int),
            regs: vec![Kind::Int; regs],
            code,
            handlers: Vec::new(),
            lines: vec![(0, 1)],
            except: Except::Any,
        }
    }

    #[test]
    fn temporaries_flow_into_their_destination() {
        // fib's else branch: r3 = n - 1; Mov r4, r3; call; r9 = a + b; Mov r2, r9; Ret r2
        let mut f = func(1, 10, vec![
            Insn::AddIK { a: Wi(3), b: Ri(0), v: Imm(-1) },
            Insn::Mov { a: Wx(4), b: Rx(3) },
            Insn::Call { a: Wx(5), f: Fun(0), w: Win(4), n: N(1) },
            Insn::AddI { a: Wi(9), b: Ri(5), c: Ri(5) },
            Insn::Mov { a: Wx(2), b: Rx(9) },
            Insn::Ret { v: Rx(2) },
        ]);
        optimize(&mut f);
        assert_eq!(f.code, vec![
            Insn::AddIK { a: Wi(4), b: Ri(0), v: Imm(-1) },
            Insn::Call { a: Wx(5), f: Fun(0), w: Win(4), n: N(1) },
            Insn::AddI { a: Wi(2), b: Ri(5), c: Ri(5) },
            Insn::Ret { v: Rx(2) },
        ]);
    }

    #[test]
    fn batched_moves_reach_back_over_straight_line_code() {
        // `for i in 0..10`: both bounds computed, then moved into place
        let code = vec![
            Insn::LdI { a: Wi(0), v: Imm(0) },
            Insn::LdI { a: Wi(1), v: Imm(10) },
            Insn::Mov { a: Wx(2), b: Rx(0) },
            Insn::Mov { a: Wx(3), b: Rx(1) },
            Insn::JltI { b: Ri(2), c: Ri(3), t: Tgt(0) },
            Insn::Ret { v: Rx(2) },
        ];
        let mut f = func(0, 4, code.clone());
        optimize(&mut f);
        assert_eq!(f.code[..2], [Insn::LdI { a: Wi(2), v: Imm(0) }, Insn::LdI { a: Wi(3), v: Imm(10) }]);
        // under a handler row, a raise in between could show the early write: kept
        let mut g = func(0, 5, code);
        g.handlers.push(Handler { start: 0, end: 4, target: 5, reg: 4, signals: Vec::new() });
        g.regs[4] = Kind::Ref;
        merge_moves(&mut g);
        assert_eq!(g.code[0], Insn::LdI { a: Wi(0), v: Imm(0) });
    }

    #[test]
    fn variables_and_jump_targets_are_left_alone() {
        // r1 is read twice (a variable): its Mov stays; the second Mov is a jump target
        let mut f = func(0, 4, vec![
            Insn::LdI { a: Wi(1), v: Imm(5) },
            Insn::Mov { a: Wx(2), b: Rx(1) },
            Insn::JgeIK { b: Ri(1), v: Imm(0), t: Tgt(4) },
            Insn::LdI { a: Wi(3), v: Imm(7) },
            Insn::Mov { a: Wx(2), b: Rx(3) },
            Insn::Ret { v: Rx(2) },
        ]);
        let before = f.code.clone();
        merge_moves(&mut f);
        assert_eq!(f.code, before);
    }

    #[test]
    fn renumbering_keeps_targets_handlers_and_lines() {
        let mut f = func(0, 6, vec![
            Insn::LdI { a: Wi(0), v: Imm(1) },
            Insn::Mov { a: Wx(1), b: Rx(0) },
            Insn::LdI { a: Wi(2), v: Imm(2) },
            Insn::Mov { a: Wx(3), b: Rx(2) },
            Insn::JltI { b: Ri(1), c: Ri(3), t: Tgt(6) },
            Insn::Ret { v: Rx(1) },
            Insn::Ret { v: Rx(3) },
        ]);
        f.lines = vec![(0, 1), (2, 2), (3, 3), (6, 4)];
        f.handlers.push(Handler { start: 2, end: 6, target: 6, reg: 5, signals: Vec::new() });
        optimize(&mut f);
        assert_eq!(f.code, vec![
            Insn::LdI { a: Wi(1), v: Imm(1) },
            Insn::LdI { a: Wi(3), v: Imm(2) },
            Insn::JltI { b: Ri(1), c: Ri(3), t: Tgt(4) },
            Insn::Ret { v: Rx(1) },
            Insn::Ret { v: Rx(3) },
        ]);
        assert_eq!((f.handlers[0].start, f.handlers[0].end, f.handlers[0].target), (1, 4, 4));
        assert_eq!(f.lines, vec![(0, 1), (1, 2), (2, 3), (4, 4)]);
    }

    #[test]
    fn jumps_to_returns_and_jumps_are_threaded() {
        let mut f = func(0, 2, vec![
            Insn::Jmp { t: Tgt(2) },
            Insn::Ret0 {},
            Insn::Jmp { t: Tgt(3) },
            Insn::Ret { v: Rx(0) },
        ]);
        optimize(&mut f);
        assert_eq!(f.code[0], Insn::Ret { v: Rx(0) });
        assert_eq!(f.code[2], Insn::Ret { v: Rx(0) });
    }
}
