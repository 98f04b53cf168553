//! Cleanups: `defer` blocks and class destructors, run when their block is left.
//!
//! A block is left three ways, and each runs the block's cleanups, newest first:
//! - at its end: the cleanups are compiled inline there (`pop_scope_with`);
//! - early, by `return`, `?`, `break` or `continue`: inline at the jump, for every block
//!   the jump leaves (`run_cleanups_from`);
//! - by a signal: each cleanup has a landing pad after the block that runs it and raises
//!   the signal again, and handler-table rows send signals raised where it is pending to
//!   that pad. The pads sit newest first, so the rows of the older cleanups cover the
//!   newer ones' pads: a signal runs every pending cleanup, each once.
//!
//! A cleanup is compiled once per way out, each time seeing the variables that were in
//! scope when it was registered, not those of inner blocks or declared after it. A
//! cleanup that has run (or is running) on an early way out is no longer pending there:
//! the code from its inline copy to the jump is cut out of its rows (`Registered::ran`),
//! so a signal raised by a later cleanup does not run it again. Likewise a `catch` whose
//! body an early exit leaves does not cover the copies of the cleanups of blocks around
//! it (`OpenCatch::holes`): what they raise comes from outside the `catch`.
//!
//! What a way out produces (a `return`'s value, a block's last expression) is taken
//! before its cleanups run (`taken_before_cleanups`): a `defer` may assign the variable.
use cprime_bytecode::isa::*;
use cprime_bytecode::Handler;

use super::{BlockScope, FnCx, Loc, V};
use crate::ast::Block;
use crate::types::Ty;

/// What runs when a block is left.
#[derive(Clone, Copy)]
pub enum Cleanup<'a> {
    Defer(&'a Block<'a>),
    /// `func` is the functional class's `destruct`; `var` holds a `Ty::Struct(class)`.
    Destruct { func: u32, var: Loc, class: u32 },
}

/// A cleanup registered in a block.
pub struct Registered<'a> {
    pub cleanup: Cleanup<'a>,
    /// The first instruction it covers: a signal raised from here on runs it.
    pub start: usize,
    /// How many of its block's variables it sees (those declared before it), and how
    /// many `catch` bodies and `recover` blocks are around it.
    pub vars: usize,
    pub catches: usize,
    pub recovers: usize,
    /// Code ranges where it has run already or is running (ways out compiled inline),
    /// which its landing pad must not cover.
    pub ran: Vec<(usize, usize)>,
}

/// `[start, end)` without the `holes`, as non-empty ranges in order.
pub fn without(start: usize, end: usize, holes: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut holes = holes.to_vec();
    holes.sort_unstable();
    let mut out = Vec::new();
    let mut at = start;
    for (s, e) in holes {
        if s > at {
            out.push((at, s.min(end)));
        }
        at = at.max(e);
        if at >= end {
            break;
        }
    }
    if at < end {
        out.push((at, end));
    }
    out.retain(|&(s, e)| s < e);
    out
}

impl<'u, 'a> FnCx<'u, 'a> {
    pub fn push_scope(&mut self) {
        self.scopes.push(BlockScope::default());
    }

    /// Leaves a block normally: runs its cleanups, and emits their landing pads.
    pub fn pop_scope(&mut self) {
        self.pop_scope_with(true)
    }

    /// Like `pop_scope`; `reachable` is false when the block's end cannot be reached
    /// (it ended in `return`/`raise`), so only the landing pads are emitted.
    pub fn pop_scope_with(&mut self, reachable: bool) {
        let i = self.scopes.len() - 1;
        if self.scopes[i].cleanups.is_empty() {
            self.scopes.pop();
            return;
        }
        if reachable {
            self.run_cleanups_from(i);
        }
        // everything up to here (the inline copies at the end included) is covered
        let end = self.pc();
        // the landing pads sit after the block; normal flow jumps over them
        let jover = reachable.then(|| self.jump());
        let pads = self.pc();
        let mut any_pad = false;
        for j in (0..self.scopes[i].cleanups.len()).rev() {
            let r = &self.scopes[i].cleanups[j];
            let mut rows = without(r.start, end, &r.ran);
            // the newer cleanups' pads (before this one's) end by raising again
            let target = self.pc();
            if any_pad {
                rows.push((pads, target));
            }
            if rows.is_empty() {
                continue;
            }
            any_pad = true;
            let sig = self.new_reg(Ty::AnySignal);
            self.emit_cleanup(i, j);
            self.emit(Insn::Raise { s: Rr(sig) });
            for (start, end) in rows {
                self.handlers.push(Handler { start: start as u32, end: end as u32, target: target as u32, reg: sig, signals: Vec::new() });
            }
        }
        self.scopes.pop();
        if let Some(j) = jover {
            self.patch_here(j);
        }
    }

    /// `v`, the value a way out of scopes `from..` produces, as it is before their
    /// cleanups run: a copy when there are any, since `v` may be a variable's own
    /// register and a `defer` may assign the variable (`return x;` returns the `x` of the
    /// `return`, as in Go and Zig).
    pub fn taken_before_cleanups(&mut self, v: V, from: usize) -> V {
        let cleanups = self.scopes.iter().skip(from).any(|s| !s.cleanups.is_empty());
        if !cleanups || matches!(self.inf.shallow(&v.ty), Ty::Never | Ty::Unit) {
            return v;
        }
        let copy = self.new_val(v.ty.clone());
        self.mov(copy.reg, v.reg);
        copy
    }

    /// Registers a cleanup for the current block, covering code from here on.
    pub fn add_cleanup(&mut self, cleanup: Cleanup<'a>) {
        let start = self.pc();
        if let Some(sc) = self.scopes.last_mut() {
            let vars = sc.vars.len();
            let (catches, recovers) = (self.catches.len(), self.recovers.len());
            sc.cleanups.push(Registered { cleanup, start, vars, catches, recovers, ran: Vec::new() });
        }
    }

    /// Emits the cleanups of scopes `from..` (innermost first), for leaving them.
    pub fn run_cleanups_from(&mut self, from: usize) {
        let mut copies = Vec::new();
        for i in (from..self.scopes.len()).rev() {
            for j in (0..self.scopes[i].cleanups.len()).rev() {
                copies.push((i, j, self.pc()));
                self.emit_cleanup(i, j);
            }
        }
        // from its copy on, each has run or is running: a signal must not run it again
        let end = self.pc();
        // and a `catch` inside the blocks left does not catch what the cleanups of the
        // blocks around it raise (their copies come last)
        for c in self.catches.iter_mut() {
            if let Some(&(_, _, start)) = copies.iter().find(|(i, _, _)| *i < c.depth) {
                c.holes.push((start, end));
            }
        }
        for (i, j, start) in copies {
            self.scopes[i].cleanups[j].ran.push((start, end));
        }
    }

    /// Emits cleanup `j` of scope `i`, in the scopes as they were when it was
    /// registered.
    fn emit_cleanup(&mut self, i: usize, j: usize) {
        let Registered { cleanup, vars, catches, recovers, .. } = self.scopes[i].cleanups[j];
        match cleanup {
            // each way out compiles its own copy, so `defer`s nested in `defer`s grow
            // the code exponentially: once the function is too large (reported when it
            // is finished), no more copies are made, and the compiler stops soon
            Cleanup::Defer(_) if self.too_large() => {}
            Cleanup::Defer(b) => {
                let inner = self.scopes.split_off(i + 1);
                let later = self.scopes[i].vars.split_off(vars);
                let later_catches = self.catches.split_off(catches.min(self.catches.len()));
                let later_recovers = self.recovers.split_off(recovers.min(self.recovers.len()));
                self.push_scope();
                self.defers.push(self.loops.len());
                let v = self.block_stmts(b, None);
                self.defers.pop();
                self.pop_scope_with(!matches!(v.ty, Ty::Never));
                self.recovers.extend(later_recovers);
                self.catches.extend(later_catches);
                self.scopes[i].vars.extend(later);
                self.scopes.extend(inner);
            }
            Cleanup::Destruct { func, var, class } => {
                let v = self.read_loc(var, Ty::Struct(class));
                let w = self.args_window(&[v]);
                let u = self.unit();
                self.emit(Insn::Call { a: Wx(u.reg), f: Fun(func), w: Win(w), n: N(1) });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::without;

    #[test]
    fn a_range_without_holes() {
        assert_eq!(without(0, 10, &[]), vec![(0, 10)]);
        assert_eq!(without(0, 10, &[(3, 5)]), vec![(0, 3), (5, 10)]);
        assert_eq!(without(0, 10, &[(6, 12), (1, 2)]), vec![(0, 1), (2, 6)]);
        assert_eq!(without(4, 10, &[(0, 5), (5, 10)]), vec![]);
        assert_eq!(without(4, 10, &[(4, 7), (6, 8)]), vec![(8, 10)]);
    }
}
