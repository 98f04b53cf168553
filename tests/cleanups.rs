//! A property of `defer` (compiler/src/lower/cleanups.rs): random functions of nested
//! blocks, loops and `catch`es, with `defer`s and conditional `return`, `break`,
//! `continue` and `raise`, print what a small model of the language says they print.
//! The model is the rule in docs/language.md: a block's pending `defer`s run newest
//! first, once, however the block is left (its end, an early exit, a signal); a signal
//! a `defer` raises still runs the older ones and then leaves the block; a `catch`
//! handles what is raised in its body, not what the cleanups of the blocks around it
//! raise when an early exit leaves it; what a `return` or the function's last
//! expression produces is taken before the cleanups run (they may assign it).
//!
//! Each case compiles one program with `cprime run` and runs the function for several
//! values of `m`, whose bits decide the conditions.
use std::fmt::Write as _;
use std::process::Command;

use proptest::prelude::*;

const BIN: &str = env!("CARGO_BIN_EXE_cprime");

/// A statement of a generated function; conditions test bit `k` of `m`.
#[derive(Clone, Debug)]
enum S {
    Print(u32),
    /// `x = id;` (the function returns `x`).
    Assign(u32),
    /// A `defer` whose body prints and may hold a `defer` of its own.
    Defer(Vec<S>),
    Block(Vec<S>),
    /// `for i in 0..2 { .. }`.
    Loop(Vec<S>),
    /// `catch(Boom) { .. } recover { println!("recovered"); }`.
    Catch(Vec<S>),
    /// `if .. { return x; }`.
    ReturnIf(u8),
    RaiseIf(u8),
    /// Only generated inside a loop (and not inside a `defer`).
    BreakIf(u8),
    ContinueIf(u8),
}

/// How a block was left.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Flow {
    Normal,
    /// With the value of `x` at the `return`.
    Return(i64),
    Raise,
    Break,
    Continue,
}

const BITS: u8 = 6;

fn stmts(depth: u32, in_loop: bool) -> BoxedStrategy<Vec<S>> {
    prop::collection::vec(stmt(depth, in_loop), 0..5).boxed()
}

fn stmt(depth: u32, in_loop: bool) -> BoxedStrategy<S> {
    let bit = 0..BITS;
    let mut leaves: Vec<BoxedStrategy<S>> = vec![
        (0u32..1000).prop_map(S::Print).boxed(),
        (0u32..1000).prop_map(S::Assign).boxed(),
        defer_body(1).prop_map(S::Defer).boxed(),
        bit.clone().prop_map(S::ReturnIf).boxed(),
        bit.clone().prop_map(S::RaiseIf).boxed(),
    ];
    if in_loop {
        leaves.push(bit.clone().prop_map(S::BreakIf).boxed());
        leaves.push(bit.prop_map(S::ContinueIf).boxed());
    }
    let leaf = prop::strategy::Union::new(leaves).boxed();
    if depth == 0 {
        return leaf;
    }
    prop_oneof![
        3 => leaf,
        1 => stmts(depth - 1, in_loop).prop_map(S::Block),
        1 => stmts(depth - 1, true).prop_map(S::Loop),
        1 => stmts(depth - 1, in_loop).prop_map(S::Catch),
    ]
    .boxed()
}

/// A `defer`'s body: prints, may assign `x` or raise, and at `nest` > 0 holds a `defer`
/// of its own.
fn defer_body(nest: u32) -> BoxedStrategy<Vec<S>> {
    let print = (1000u32..2000).prop_map(S::Print).boxed();
    let assign = (1000u32..2000).prop_map(S::Assign).boxed();
    let raise = (0..BITS).prop_map(S::RaiseIf).boxed();
    let item = if nest == 0 {
        prop_oneof![3 => print, 1 => assign, 1 => raise].boxed()
    } else {
        prop_oneof![3 => print, 1 => assign, 1 => raise, 1 => defer_body(nest - 1).prop_map(S::Defer)].boxed()
    };
    prop::collection::vec(item, 1..3).boxed()
}

/// The program: `f(m)` runs the statements; `main` calls it for every `m` in `ms`.
fn source(body: &[S], ms: &[i64]) -> String {
    let mut s = String::from("signal Boom;\n\nfn f(m: int) -> int except(Boom) {\n    let mut x = 0;\n");
    emit(body, 1, &mut s);
    s.push_str("    x\n}\n\nint main() = default {\n");
    for m in ms {
        let _ = writeln!(s, "    catch(Boom) {{ let r = f({m})?; println!(\"returned {{}}\", r); }} recover {{ println!(\"caught\"); }}");
        let _ = writeln!(s, "    println!(\"end {m}\");");
    }
    s.push_str("    return 0;\n}\n");
    s
}

fn emit(body: &[S], depth: usize, s: &mut String) {
    let pad = "    ".repeat(depth);
    let cond = |k: &u8| format!("(m >> {k}) % 2 == 1");
    for st in body {
        match st {
            S::Print(id) => {
                let _ = writeln!(s, "{pad}println!(\"{{}}\", {id});");
            }
            S::Assign(id) => {
                let _ = writeln!(s, "{pad}x = {id};");
            }
            S::Defer(b) | S::Block(b) | S::Loop(b) | S::Catch(b) => {
                let head = match st {
                    S::Defer(_) => "defer {",
                    S::Block(_) => "{",
                    S::Loop(_) => "for i in 0..2 {",
                    _ => "catch(Boom) {",
                };
                let _ = writeln!(s, "{pad}{head}");
                emit(b, depth + 1, s);
                let tail = if matches!(st, S::Catch(_)) { "} recover { println!(\"recovered\"); }" } else { "}" };
                let _ = writeln!(s, "{pad}{tail}");
            }
            S::ReturnIf(k) => {
                let _ = writeln!(s, "{pad}if {} {{ return x; }}", cond(k));
            }
            S::RaiseIf(k) => {
                let _ = writeln!(s, "{pad}if {} {{ raise Boom; }}", cond(k));
            }
            S::BreakIf(k) => {
                let _ = writeln!(s, "{pad}if {} {{ break; }}", cond(k));
            }
            S::ContinueIf(k) => {
                let _ = writeln!(s, "{pad}if {} {{ continue; }}", cond(k));
            }
        }
    }
}

/// The state of a run of `f`: the condition bits, what it printed, its `x`.
struct Run<'o> {
    m: i64,
    out: &'o mut Vec<String>,
    x: i64,
}

/// Runs `body` as a block: what it prints and assigns, and how it ends. `tail` gets `x`
/// as the block's statements leave it, before its cleanups run (the function body's
/// value).
fn run_block(body: &[S], r: &mut Run, tail: Option<&mut i64>) -> Flow {
    let mut defers: Vec<&[S]> = Vec::new();
    let m = r.m;
    let bit = |k: &u8| (m >> k) % 2 == 1;
    let mut flow = Flow::Normal;
    for st in body {
        flow = match st {
            S::Print(id) => {
                r.out.push(id.to_string());
                Flow::Normal
            }
            S::Assign(id) => {
                r.x = *id as i64;
                Flow::Normal
            }
            S::Defer(b) => {
                defers.push(b);
                Flow::Normal
            }
            S::Block(b) => run_block(b, r, None),
            S::Loop(b) => {
                let mut f = Flow::Normal;
                for _ in 0..2 {
                    match run_block(b, r, None) {
                        Flow::Break => break,
                        Flow::Normal | Flow::Continue => {}
                        other => {
                            f = other;
                            break;
                        }
                    }
                }
                f
            }
            S::Catch(b) => match run_block(b, r, None) {
                Flow::Raise => {
                    r.out.push("recovered".into());
                    Flow::Normal
                }
                other => other,
            },
            // the value is taken where the `return` is, before any cleanup runs
            S::ReturnIf(k) if bit(k) => Flow::Return(r.x),
            S::RaiseIf(k) if bit(k) => Flow::Raise,
            S::BreakIf(k) if bit(k) => Flow::Break,
            S::ContinueIf(k) if bit(k) => Flow::Continue,
            _ => Flow::Normal,
        };
        if flow != Flow::Normal {
            break;
        }
    }
    if let (Flow::Normal, Some(t)) = (flow, tail) {
        *t = r.x;
    }
    // a signal a cleanup raises replaces the way out (the older ones still run)
    for d in defers.iter().rev() {
        if run_block(d, r, None) == Flow::Raise {
            flow = Flow::Raise;
        }
    }
    flow
}

/// What the model says the program prints.
fn expected(body: &[S], ms: &[i64]) -> String {
    let mut out = Vec::new();
    for &m in ms {
        let mut r = Run { m, out: &mut out, x: 0 };
        let mut tail = 0;
        match run_block(body, &mut r, Some(&mut tail)) {
            Flow::Raise => out.push("caught".into()),
            Flow::Return(v) => out.push(format!("returned {v}")),
            _ => out.push(format!("returned {tail}")),
        }
        out.push(format!("end {m}"));
    }
    out.iter().map(|l| format!("{l}\n")).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn defers_run_once_in_order_on_every_way_out(body in stmts(3, false)) {
        let ms: Vec<i64> = vec![0, 1, 2, 4, 8, 16, 32, 21, 42, 63];
        let dir = std::env::temp_dir().join(format!("cprime-cleanups-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("case.cp");
        let src = source(&body, &ms);
        std::fs::write(&file, &src).unwrap();
        let out = Command::new(BIN).arg("run").arg(&file).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        prop_assert!(out.status.success(), "cprime failed on\n{}\n{}", src, stderr);
        prop_assert_eq!(String::from_utf8_lossy(&out.stdout).to_string(), expected(&body, &ms), "program:\n{}", src);
    }
}
