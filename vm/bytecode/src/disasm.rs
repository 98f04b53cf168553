//! Readable disassembly, generated from the opcode table.
use alloc::format;
use alloc::string::String;
use core::fmt::Write;

use crate::isa::{Operand, OPCODES};
use crate::module::*;
use crate::natives::NATIVES;

/// Formats one operand the way `cprime dis` shows it.
pub fn operand(m: &Module, op: Operand) -> String {
    match op {
        Operand::Read(_, r) | Operand::Write(_, r) | Operand::Window(r) => format!("r{r}"),
        Operand::Count(n) => format!("{n}"),
        Operand::Imm(v) => format!("{v}"),
        Operand::Const(k) => match m.consts.get(k as usize) {
            Some(Const::Str(s)) => format!("k{k}{s:?}"),
            None => format!("k{k}?"),
        },
        Operand::Target(t) => format!("@{t}"),
        Operand::Func(f) => match m.functions.get(f as usize) {
            Some(func) => format!("{}#{f}", func.name),
            None => format!("#{f}?"),
        },
        Operand::Layout(l) => match m.layout(l) {
            Some(lay) => format!("{}#{l}", lay.name),
            None => format!("layout{l}?"),
        },
        Operand::Native(n) => match NATIVES.get(n as usize) {
            Some(info) => String::from(info.name),
            None => format!("native{n}?"),
        },
        Operand::Global(g) => match m.globals.get(g as usize) {
            Some(gl) => format!("{}#{g}", gl.name),
            None => format!("g{g}?"),
        },
        Operand::Slot(s) => match m.slots.get(s as usize) {
            Some(name) => format!("{name}#{s}"),
            None => format!("slot{s}?"),
        },
        Operand::Shape(s) => format!("shape#{s}"),
        Operand::KindOp(k) => String::from(k.name()),
    }
}

/// Disassembles a whole module.
pub fn module(m: &Module) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "; CPrime bytecode, format version {}", crate::format::VERSION);
    if !m.entries.is_empty() {
        let _ = writeln!(out, "entries:");
        for e in &m.entries {
            let _ = write!(out, "  {} = {}{}", e.name, e.runtime, if e.user_coroutines { " (with coroutines)" } else { "" });
            for (k, v) in &e.params {
                let _ = write!(out, " .{k} = {v}");
            }
            let _ = writeln!(out, "  -> function #{}{}", e.func, if e.takes_args { " (takes args)" } else { "" });
            for s in &e.stages {
                let _ = writeln!(out, "    stage {}", s.text);
            }
            if let Some(c) = e.cleanup {
                let _ = writeln!(out, "    cleanup on exit -> function #{c}");
            }
        }
    }
    for t in &m.tests {
        let _ = writeln!(out, "test {} -> function #{}", t.name, t.func);
    }
    if !m.consts.is_empty() {
        let _ = writeln!(out, "constants:");
        for (i, c) in m.consts.iter().enumerate() {
            match c {
                Const::Str(s) => {
                    let _ = writeln!(out, "  k{i} = {s:?}");
                }
            }
        }
    }
    let builtin = crate::builtins::count();
    for (i, l) in m.layouts.iter().enumerate().skip(builtin) {
        let _ = write!(out, "layout #{i} {} {:?} {{", l.name, l.kind);
        for (j, (n, k)) in l.fields.iter().enumerate() {
            let _ = write!(out, "{}{n}: {}", if j > 0 { ", " } else { " " }, k.name());
        }
        let _ = writeln!(out, " }}");
    }
    for (i, s) in m.shapes.iter().enumerate() {
        let _ = writeln!(out, "shape #{i} {s:?}");
    }
    for (i, g) in m.globals.iter().enumerate() {
        let _ = writeln!(out, "global #{i} {}: {} = {:?}", g.name, g.kind.name(), g.init);
    }
    for (i, f) in m.functions.iter().enumerate() {
        out.push_str(&function(m, i, f));
    }
    out
}

/// Disassembles one function: header, registers, code with lines, handlers.
pub fn function(m: &Module, index: usize, f: &Function) -> String {
    let mut out = String::new();
    let file = m.files.get(f.file as usize).map(|s| s.as_str()).unwrap_or("?");
    let _ = write!(out, "\nfunction #{index} {} ({file})", f.name);
    let _ = write!(out, " params(");
    for (i, k) in f.params.iter().enumerate() {
        let _ = write!(out, "{}{}", if i > 0 { ", " } else { "" }, k.name());
    }
    let _ = write!(out, ")");
    if !f.captures.is_empty() {
        let _ = write!(out, " captures(");
        for (i, k) in f.captures.iter().enumerate() {
            let _ = write!(out, "{}{}", if i > 0 { ", " } else { "" }, k.name());
        }
        let _ = write!(out, ")");
    }
    let _ = write!(out, " -> {}", f.ret.map_or("void", |k| k.name()));
    match &f.except {
        Except::Any => {
            let _ = write!(out, " except(*)");
        }
        Except::List(l) if !l.is_empty() => {
            let _ = write!(out, " except(");
            for (i, s) in l.iter().enumerate() {
                let name = m.layout(*s).map(|l| l.name.as_str()).unwrap_or("?");
                let _ = write!(out, "{}{name}", if i > 0 { " | " } else { "" });
            }
            let _ = write!(out, ")");
        }
        _ => {}
    }
    let _ = writeln!(out);
    let _ = write!(out, "  regs:");
    for (i, k) in f.regs.iter().enumerate() {
        let _ = write!(out, " r{i}:{}", k.name());
    }
    let _ = writeln!(out);
    let mut last_line = u32::MAX;
    for (pc, insn) in f.code.iter().enumerate() {
        let line = f.line_of(pc as u32);
        let tag = if line != last_line { format!("{line:>4}") } else { String::from("    ") };
        last_line = line;
        let _ = write!(out, "  {tag} {pc:>4}  {:<9}", OPCODES[insn.opcode() as usize].name);
        let mut first = true;
        insn.operands(|_, op| {
            let _ = write!(out, "{}{}", if first { " " } else { ", " }, operand(m, op));
            first = false;
        });
        let _ = writeln!(out);
    }
    for h in &f.handlers {
        let _ = write!(out, "  handler [{}, {}) -> @{} in r{} for", h.start, h.end, h.target, h.reg);
        for s in &h.signals {
            let _ = write!(out, " {}", m.layout(*s).map(|l| l.name.as_str()).unwrap_or("?"));
        }
        let _ = writeln!(out);
    }
    out
}

/// The opcode reference (`docs/bytecode.md`'s table), generated from the opcode table.
pub fn opcode_reference() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| # | opcode | operands | meaning |");
    let _ = writeln!(out, "|---|---|---|---|");
    for (i, op) in OPCODES.iter().enumerate() {
        let mut ops = String::new();
        for (j, (name, fmt)) in op.operands.iter().enumerate() {
            let _ = write!(ops, "{}{name}: {fmt}", if j > 0 { ", " } else { "" });
        }
        let _ = writeln!(out, "| {i} | `{}` | {} | {} |", op.name, ops, op.doc.replace('|', "\\|"));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "### Natives\n");
    let _ = writeln!(out, "| # | native | params | returns | provider | meaning |");
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for (i, n) in NATIVES.iter().enumerate() {
        let _ = writeln!(out, "| {i} | `{}` | {:?} | {:?} | {:?} | {} |", n.name, n.params, n.ret, n.provider, n.doc);
    }
    out
}
