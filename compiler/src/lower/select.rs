//! `select { PATTERN = FUTURE => BODY, .. }`: the first arm whose future is ready runs.
//!
//! Compiled to a loop over the arms (vm/src/co/wait.rs has the runtime half):
//!
//! ```text
//!       <every arm's operands>, in order; off_i := 0 (each arm)          SelBegin
//! top:  for each arm i, unless off_i:
//!           SelArm  <the arm's native>  done := SelDone
//!           if done: [the other arms' waits are dropped] bind PATTERN, run BODY, go to end
//!           if PATTERN does not match (a `None` from a closed channel): off_i := 1
//!       if every arm is off: panic
//!       SelWait; go to top
//! end:
//! ```
//!
//! An arm's native, called right after `SelArm`, takes what is ready or only registers
//! its wait; so an arm that does not win took nothing (a cancelled `recv` takes no
//! message) and the others need no undoing. Operands are evaluated once, before
//! `SelBegin` (as Go evaluates a select's channel and value expressions on entry): a
//! retry after a wake-up does not run them again (a `spawn` in an arm would start
//! another coroutine each time), and an operand that waits itself (a call that sleeps)
//! cannot drop the registrations of the arms tried before it. Nothing runs between
//! `SelArm` and the native it marks.
use cprime_bytecode::isa::*;
use cprime_bytecode::natives::Native;

use super::{FnCx, V};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::items::TyKey;
use crate::types::{Ty, INT};

/// An arm's operation with its operands evaluated: what `SelArm` marks.
struct ArmOp {
    native: Native,
    args: Vec<V>,
    ret: Ty,
    after: After,
}

/// What is left to do with an arm's raw result once it won.
enum After {
    Nothing,
    /// `listener.accept()`: add the peer's address, `(TcpStream, String)`.
    Accept,
    /// `ticker.tick()`: take the tick (`Interval::advance`, function id) on this ticker.
    Tick(u32, V),
}

impl<'u, 'a> FnCx<'u, 'a> {
    pub fn select_expr(&mut self, arms: &'a [SelectArm<'a>], span: Span, expect: Option<&Ty>) -> V {
        self.coroutine_syntax(span, "`select`");
        if arms.is_empty() {
            self.err(span, "`select` needs at least one arm");
            return self.unit();
        }
        let ty = expect.cloned().unwrap_or_else(|| self.inf.fresh());
        let out = self.new_val(ty.clone());
        let ops: Vec<Option<ArmOp>> = arms
            .iter()
            .map(|arm| {
                self.set_line(arm.span);
                self.arm_op(arm.future)
            })
            .collect();
        let offs: Vec<V> = arms.iter().map(|_| self.load_int(0, INT)).collect();
        self.set_line(span);
        self.call_native(Native::SelBegin, &[], Ty::Unit);
        let top = self.pc();
        let mut ends = Vec::new();
        let mut all_never = true;
        for ((arm, off), op) in arms.iter().zip(&offs).zip(ops) {
            self.set_line(arm.span);
            let Some(ArmOp { native, args, ret, after }) = op else {
                // an arm that cannot wait (reported): its pattern and body are still
                // checked, for the errors they hold (the program will not run)
                self.push_scope();
                let e = V { reg: self.never().reg, ty: Ty::Error };
                let _ = self.pattern_test(arm.pat, &e);
                self.expr(arm.body, None);
                self.pop_scope();
                continue;
            };
            let skip = self.emit(Insn::JneIK { b: Ri(off.reg), v: Imm(0), t: Tgt(u32::MAX) });
            self.call_native(Native::SelArm, &[], Ty::Unit);
            let raw = self.call_native(native, &args, ret);
            let done = self.call_native(Native::SelDone, &[], INT);
            let pending = self.emit(Insn::JeqIK { b: Ri(done.reg), v: Imm(0), t: Tgt(u32::MAX) });
            let v = match after {
                After::Nothing => raw,
                After::Accept => {
                    let peer = self.load_int(1, INT);
                    let addr = self.call_native(Native::NetAddr, &[raw.clone(), peer], Ty::Str);
                    self.new_tuple(&[raw, addr])
                }
                After::Tick(advance, ticker) => {
                    self.call_fn(advance, vec![ticker], arm.span);
                    raw
                }
            };
            self.push_scope();
            let fails = self.pattern_test(arm.pat, &v);
            let b = self.expr(arm.body, Some(&ty));
            if !matches!(self.inf.shallow(&b.ty), Ty::Never) {
                all_never = false;
                if !self.unify(&ty, &b.ty) {
                    let (x, y) = (self.show(&ty), self.show(&b.ty));
                    self.diag(Diagnostic::error(arm.body.span, "`select` arms have incompatible types").label(format!("expected `{x}`, found `{y}`")));
                }
                self.mov(out.reg, b.reg);
            }
            self.pop_scope();
            ends.push(self.jump());
            // the arm's value did not match its pattern: the arm is off for this select
            for f in fails {
                self.patch_here(f);
            }
            self.emit(Insn::LdI { a: Wi(off.reg), v: Imm(1) });
            self.patch_here(skip);
            self.patch_here(pending);
        }
        // what follows is the whole `select`'s (its panic, where it waits)
        self.set_line(span);
        let mut waits = Vec::new();
        for off in &offs {
            waits.push(self.emit(Insn::JeqIK { b: Ri(off.reg), v: Imm(0), t: Tgt(u32::MAX) }));
        }
        let m = self.load_str("every arm of this `select` is off: each one's value failed its pattern (a `recv` gives `None` once no sender of its channel is left)");
        self.call_native(Native::Panic, &[m], Ty::Never);
        for w in waits {
            self.patch_here(w);
        }
        self.call_native(Native::SelWait, &[], Ty::Unit);
        let back = self.jump();
        self.patch_to(back, top);
        for e in ends {
            self.patch_here(e);
        }
        if all_never {
            return self.never();
        }
        if matches!(self.inf.shallow(&ty), Ty::Var(_)) {
            self.unify(&ty, &Ty::Unit);
        }
        out
    }

    /// Emits an arm's operands and says which native waits on them; `None` (reported)
    /// when the future is not one a `select` can wait on.
    fn arm_op(&mut self, future: &'a Expr<'a>) -> Option<ArmOp> {
        // `fut`, `fut.await`, `fut?` and `fut.await?` (an arm that may raise IO_ERROR)
        // wait the same way; the operation waits once, as outside a `select`
        let (mut f, mut marked) = (future, false);
        if let ExprKind::Try(x) = f.kind {
            marked = true;
            f = x;
        }
        if let ExprKind::Await(x) = f.kind {
            f = x;
        }
        if matches!(f.kind, ExprKind::Try(_) | ExprKind::Await(_)) {
            let label = match f.kind {
                ExprKind::Await(_) => "`.await` twice: the operation waits once",
                _ => "`?` before `.await`: the operation's signal is marked after it",
            };
            return self.no_arm(
                f,
                label,
                "write the operation, with one `.await` if you like, then `?` for a socket's: `rx.recv()`, `rx.recv().await`, `stream.read_line().await?`",
            );
        }
        let arm = |native: Native, args: &[V], ret: Ty| ArmOp { native, args: args.to_vec(), ret, after: After::Nothing };
        match &f.kind {
            ExprKind::MethodCall { recv, name, args, .. } => {
                let r = self.expr(recv, None);
                let t = self.inf.shallow(&r.ty);
                let nargs = args.len();
                match (&t, name.name, nargs) {
                    // reported already (an unknown receiver)
                    (Ty::Error, ..) => None,
                    (Ty::Receiver(e), "recv", 0) => Some(arm(Native::ChanRecv, &[r], Ty::option((**e).clone()))),
                    (Ty::Sender(e), "send", 1) => {
                        let x = self.expr_expect(args[0], e);
                        Some(arm(Native::ChanSend, &[r, x], Ty::Unit))
                    }
                    (Ty::Task(e), "join", 0) => Some(arm(Native::CoJoin, &[r], (**e).clone())),
                    (Ty::Tcp(true), "accept", 0) | (Ty::Tcp(false), "read_line" | "read", 0) | (Ty::Tcp(false), "read", 1) => {
                        let max = (nargs == 1).then(|| self.expr_expect(args[0], &crate::types::INT));
                        self.arm_io(marked, f.span);
                        let (n, ret) = match name.name {
                            "accept" => (Native::NetAccept, Ty::Tcp(false)),
                            "read_line" => (Native::NetReadLine, Ty::option(Ty::Str)),
                            _ if max.is_some() => (Native::NetReadMax, Ty::Str),
                            _ => (Native::NetRead, Ty::Str),
                        };
                        let mut op = match max {
                            Some(max) => arm(n, &[r, max], ret),
                            None => arm(n, &[r], ret),
                        };
                        if name.name == "accept" {
                            op.after = After::Accept;
                        }
                        Some(op)
                    }
                    // `ticker.tick()` (prelude `Interval`): a timer arm until its next tick
                    (Ty::Struct(sid), "tick", 0) => {
                        let method = |cx: &Self, m: &str| cx.u.prog.methods.get(&(TyKey::Struct(*sid), m.to_string())).copied();
                        // the prelude's `Interval` only: a struct of the program's with
                        // methods of these names is no timer
                        let prelude = |m: Option<u32>| m.filter(|&m| self.u.prog.is_prelude_fn(m));
                        let (Some(_), Some(remaining), Some(advance)) =
                            (prelude(method(self, "tick")), prelude(method(self, "remaining")), prelude(method(self, "advance")))
                        else {
                            return self.own_not_an_arm(f);
                        };
                        let d = self.call_fn(remaining, vec![r.clone()], f.span);
                        Some(ArmOp { after: After::Tick(advance, r), ..arm(Native::SleepNs, &[d], Ty::Unit) })
                    }
                    _ => self.not_an_arm(f),
                }
            }
            ExprKind::Call(callee, args) => {
                let ExprKind::Path(p) = &callee.kind else { return self.not_an_arm(f) };
                let key: Vec<&str> = p.segs.iter().map(|s| s.name).collect();
                // the program's own `sleep` (a function, a closure in a variable) is no
                // timer, as outside a `select` (`calls.rs` looks names up first)
                let local = p.is_single() && (self.lookup_var(key[0]).is_some() || self.capture(key[0]).is_some());
                if local || self.lookup_path(&key).is_some() {
                    return self.own_not_an_arm(f);
                }
                match (key.join("::").as_str(), args.len()) {
                    ("timer::after" | "timer::sleep" | "thread::sleep" | "sleep", 1) => {
                        let d = self.expr_expect(args[0], &Ty::Duration);
                        Some(arm(Native::SleepNs, &[d], Ty::Unit))
                    }
                    _ => self.not_an_arm(f),
                }
            }
            // a join handle itself: `v = handle => ..`
            _ => {
                let h = self.expr(f, None);
                match self.inf.shallow(&h.ty) {
                    Ty::Task(e) => Some(arm(Native::CoJoin, &[h], *e)),
                    Ty::Error => None,
                    _ => self.not_an_arm(f),
                }
            }
        }
    }

    /// A socket arm raises IO_ERROR: it needs `?` as the call would.
    fn arm_io(&mut self, marked: bool, span: Span) {
        let saved = self.marked;
        self.marked = marked;
        self.io_call(span);
        self.marked = saved;
    }

    /// An arm calling the program's own function or method (one named as a library
    /// operation is not that operation).
    fn own_not_an_arm(&mut self, f: &'a Expr<'a>) -> Option<ArmOp> {
        self.no_arm(
            f,
            "a call of the program's own function or method",
            "an arm waits on a library operation (a channel, task, timer or socket); to wait on this call, spawn it and give the arm its handle: `v = handle => ..`",
        )
    }

    fn not_an_arm(&mut self, f: &'a Expr<'a>) -> Option<ArmOp> {
        self.no_arm(
            f,
            "not an operation a `select` arm can wait on",
            "an arm waits on `rx.recv()`, `tx.send(v)`, `handle.join()`, `timer::after(d)`, `ticker.tick()`, `listener.accept()?`, `stream.read_line()?` or `stream.read(..)?`; for anything else (`write_all`, `TcpStream::connect`), spawn it and give the arm its handle: `v = handle => ..`",
        )
    }

    fn no_arm(&mut self, f: &'a Expr<'a>, label: &str, help: &str) -> Option<ArmOp> {
        self.diag(Diagnostic::error(f.span, "`select` cannot wait on this").label(label).help(help));
        None
    }
}
