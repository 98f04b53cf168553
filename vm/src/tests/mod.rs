//! Test support: a module builder with a tiny text assembler (generated from the opcode
//! table, so every opcode is writable), and a host that records what a program does.
//!
//! Assembly: one instruction per line, `Op operand operand ...` (commas optional);
//! `label:` defines a label, `@label` refers to one; registers `r3` (or `3`); kinds
//! `int`/`float`/`ref`; functions, natives, layouts, globals and slots by name (or
//! number); `"text"` as a constant operand interns a string constant; floats (`2.5`)
//! as an immediate give their bits (for `LdF`); `.line N` sets the source line of the
//! following instructions; `;` starts a comment.
mod coroutines;
mod equality;
mod faults;
mod gc;
mod programs;
mod os_signals;
mod packed;
mod props;
mod slices;
mod transfer;
mod verifier;

use std::collections::{HashMap, VecDeque};
use std::string::{String, ToString};
use std::vec::Vec;
use std::{format, vec};

use cprime_bytecode::isa::*;
use cprime_bytecode::module::*;
use cprime_bytecode::natives::NATIVES;

use crate::{Host, Limits, Outcome, Vm};

/// Name lookups and the constant pool while assembling one function.
pub struct AsmCx<'a> {
    labels: &'a HashMap<String, u32>,
    funcs: &'a HashMap<String, u32>,
    layouts: &'a [Layout],
    globals: &'a [Global],
    slots: &'a [String],
    consts: &'a mut Vec<Const>,
}

pub trait FromTok: Sized {
    fn from_tok(t: &str, cx: &mut AsmCx) -> Result<Self, String>;
}

fn num(t: &str) -> Result<i64, String> {
    let t = t.trim_start_matches(['r', 'k', 'g', '#']);
    t.parse::<i64>().map_err(|_| format!("bad number `{t}`"))
}

macro_rules! reg_tok {
    ($($t:ident),*) => {$(
        impl FromTok for $t {
            fn from_tok(t: &str, _: &mut AsmCx) -> Result<Self, String> { Ok($t(num(t)? as u16)) }
        }
    )*};
}
reg_tok!(Ri, Rf, Rr, Rx, Wi, Wf, Wr, Wx, Win, N);

impl FromTok for Imm {
    fn from_tok(t: &str, _: &mut AsmCx) -> Result<Self, String> {
        if let Ok(v) = t.parse::<i64>() {
            return Ok(Imm(v));
        }
        t.parse::<f64>().map(|f| Imm(f.to_bits() as i64)).map_err(|_| format!("bad immediate `{t}`"))
    }
}

impl FromTok for Kd {
    fn from_tok(t: &str, _: &mut AsmCx) -> Result<Self, String> {
        match t {
            "int" | "i" => Ok(Kd(Kind::Int)),
            "float" | "f" => Ok(Kd(Kind::Float)),
            "ref" | "r" => Ok(Kd(Kind::Ref)),
            _ => Err(format!("bad kind `{t}`")),
        }
    }
}

impl FromTok for K {
    fn from_tok(t: &str, cx: &mut AsmCx) -> Result<Self, String> {
        if let Some(s) = t.strip_prefix('"') {
            let s = s.strip_suffix('"').unwrap_or(s).to_string();
            let i = match cx.consts.iter().position(|Const::Str(c)| *c == s) {
                Some(i) => i,
                None => {
                    cx.consts.push(Const::Str(s));
                    cx.consts.len() - 1
                }
            };
            return Ok(K(i as u32));
        }
        Ok(K(num(t)? as u32))
    }
}

impl FromTok for Tgt {
    fn from_tok(t: &str, cx: &mut AsmCx) -> Result<Self, String> {
        match t.strip_prefix('@') {
            Some(l) => cx.labels.get(l).map(|&p| Tgt(p)).ok_or_else(|| format!("unknown label `{l}`")),
            None => Ok(Tgt(num(t)? as u32)),
        }
    }
}

impl FromTok for Fun {
    fn from_tok(t: &str, cx: &mut AsmCx) -> Result<Self, String> {
        match cx.funcs.get(t) {
            Some(&f) => Ok(Fun(f)),
            None => Ok(Fun(num(t)? as u32)),
        }
    }
}

impl FromTok for Nat {
    fn from_tok(t: &str, _: &mut AsmCx) -> Result<Self, String> {
        match NATIVES.iter().position(|n| n.name == t) {
            Some(i) => Ok(Nat(i as u16)),
            None => Ok(Nat(num(t)? as u16)),
        }
    }
}

impl FromTok for Lay {
    fn from_tok(t: &str, cx: &mut AsmCx) -> Result<Self, String> {
        let t = t.trim_matches('"');
        match cx.layouts.iter().rposition(|l| l.name == t) {
            Some(i) => Ok(Lay(i as u32)),
            None => Ok(Lay(num(t)? as u32)),
        }
    }
}

impl FromTok for Glb {
    fn from_tok(t: &str, cx: &mut AsmCx) -> Result<Self, String> {
        match cx.globals.iter().position(|g| g.name == t) {
            Some(i) => Ok(Glb(i as u32)),
            None => Ok(Glb(num(t)? as u32)),
        }
    }
}

impl FromTok for Slot {
    fn from_tok(t: &str, cx: &mut AsmCx) -> Result<Self, String> {
        match cx.slots.iter().position(|s| s == t) {
            Some(i) => Ok(Slot(i as u32)),
            None => Ok(Slot(num(t)? as u32)),
        }
    }
}

impl FromTok for Shp {
    fn from_tok(t: &str, _: &mut AsmCx) -> Result<Self, String> {
        Ok(Shp(num(t)? as u32))
    }
}

macro_rules! asm_table {
    ($($name:ident $doc:literal { $($f:ident : $t:ident),* }),* $(,)?) => {
        /// Builds one instruction from its opcode name and operand tokens.
        #[allow(unused_mut, unused_variables)]
        pub fn make(op: &str, toks: &[String], cx: &mut AsmCx) -> Result<Insn, String> {
            $( if op == stringify!($name) {
                let mut it = toks.iter();
                $( let $f = <$t as FromTok>::from_tok(
                    it.next().ok_or_else(|| format!("{op}: missing operand `{}`", stringify!($f)))?, cx)?; )*
                if it.next().is_some() {
                    return Err(format!("{op}: too many operands"));
                }
                return Ok(Insn::$name { $($f),* });
            } )*
            Err(format!("unknown opcode `{op}`"))
        }
    };
}
cprime_bytecode::for_each_op!(asm_table);

/// Splits a line into tokens; a `"..."` token keeps its spaces (escapes `\"`, `\n`, `\\`).
fn tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() || c == ',' {
            chars.next();
        } else if c == ';' {
            break;
        } else if c == '"' {
            chars.next();
            let mut s = String::from("\"");
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => match chars.next() {
                        Some('n') => s.push('\n'),
                        Some(o) => s.push(o),
                        None => {}
                    },
                    c => s.push(c),
                }
            }
            s.push('"');
            out.push(s);
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == ',' || c == ';' {
                    break;
                }
                s.push(c);
                chars.next();
            }
            out.push(s);
        }
    }
    out
}

struct FnSrc {
    name: String,
    params: Vec<Kind>,
    captures: Vec<Kind>,
    ret: Option<Kind>,
    regs: Vec<Kind>,
    text: String,
    except: Except,
    handlers: Vec<(String, String, String, u16, Vec<u32>)>,
}

pub fn kinds(s: &str) -> Vec<Kind> {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            'i' => Kind::Int,
            'f' => Kind::Float,
            'r' => Kind::Ref,
            _ => panic!("bad kind letter {c}"),
        })
        .collect()
}

/// Builds a module from assembly text.
pub struct ModB {
    pub m: Module,
    funcs: Vec<FnSrc>,
}

impl Default for ModB {
    fn default() -> Self {
        ModB::new()
    }
}

impl ModB {
    pub fn new() -> ModB {
        let mut m = Module::new();
        m.files.push(String::from("t.cp"));
        ModB { m, funcs: Vec::new() }
    }

    pub fn layout(&mut self, name: &str, kind: LayoutKind, fields: &[(&str, Kind)]) -> u32 {
        self.m.layouts.push(Layout { name: name.to_string(), kind, fields: fields.iter().map(|(n, k)| (n.to_string(), *k)).collect() });
        self.m.layouts.len() as u32 - 1
    }

    pub fn global(&mut self, name: &str, kind: Kind, init: GlobalInit) -> u32 {
        self.m.globals.push(Global { name: name.to_string(), kind, init });
        self.m.globals.len() as u32 - 1
    }

    /// Adds a function: `params` and `extra` are kind letters (`"ii"`), `ret` one letter
    /// or `""`; registers are the parameters followed by `extra`. Except defaults to `Any`.
    pub fn func(&mut self, name: &str, params: &str, ret: &str, extra: &str, text: &str) -> usize {
        let params = kinds(params);
        let mut regs = params.clone();
        regs.extend(kinds(extra));
        let ret = kinds(ret).first().copied();
        self.funcs.push(FnSrc { name: name.to_string(), params, captures: vec![], ret, regs, text: text.to_string(), except: Except::Any, handlers: vec![] });
        self.funcs.len() - 1
    }

    /// The kinds (letters) of the captures of `f`'s closures.
    pub fn captures(&mut self, f: usize, kinds_: &str) {
        self.funcs[f].captures = kinds(kinds_);
    }

    pub fn except(&mut self, f: usize, e: Except) {
        self.funcs[f].except = e;
    }

    /// A handler row by labels: `[start, end)` jumps to `target` with the signal in `reg`.
    pub fn handler(&mut self, f: usize, start: &str, end: &str, target: &str, reg: u16, signals: &[u32]) {
        self.funcs[f].handlers.push((start.to_string(), end.to_string(), target.to_string(), reg, signals.to_vec()));
    }

    pub fn entry(&mut self, name: &str, f: usize, takes_args: bool) {
        self.m.entries.push(Entry {
            name: name.to_string(),
            func: f as u32,
            runtime: String::from("default"),
            params: vec![],
            stages: vec![],
            takes_args,
            cleanup: None,
            user_coroutines: false,
        });
    }

    pub fn build(mut self) -> Module {
        let names: HashMap<String, u32> = self.funcs.iter().enumerate().map(|(i, f)| (f.name.clone(), i as u32)).collect();
        for src in &self.funcs {
            // pass 1: labels
            let mut labels = HashMap::new();
            let mut pc = 0u32;
            for line in src.text.lines() {
                let mut t = tokens(line);
                if let Some(l) = t.first().filter(|l| l.ends_with(':')) {
                    labels.insert(l.trim_end_matches(':').to_string(), pc);
                    t.remove(0);
                }
                match t.first() {
                    None => {}
                    Some(d) if d.starts_with('.') => {}
                    Some(_) => pc += 1,
                }
            }
            // pass 2: instructions
            let mut code = Vec::new();
            let mut lines: Vec<(u32, u32)> = Vec::new();
            let mut consts = std::mem::take(&mut self.m.consts);
            for (ln, line) in src.text.lines().enumerate() {
                let mut t = tokens(line);
                if t.first().is_some_and(|l| l.ends_with(':')) {
                    t.remove(0);
                }
                let Some(op) = t.first() else { continue };
                if op == ".line" {
                    let n = num(&t[1]).unwrap() as u32;
                    lines.push((code.len() as u32, n));
                    continue;
                }
                let mut cx = AsmCx {
                    labels: &labels,
                    funcs: &names,
                    layouts: &self.m.layouts,
                    globals: &self.m.globals,
                    slots: &self.m.slots,
                    consts: &mut consts,
                };
                let insn = make(op, &t[1..], &mut cx).unwrap_or_else(|e| panic!("{}: line {}: {e}: {line}", src.name, ln + 1));
                code.push(insn);
            }
            self.m.consts = consts;
            let handlers = src
                .handlers
                .iter()
                .map(|(s, e, t, reg, sigs)| Handler {
                    start: labels[s],
                    end: labels[e],
                    target: labels[t],
                    reg: *reg,
                    signals: sigs.clone(),
                })
                .collect();
            self.m.functions.push(Function {
                name: src.name.clone(),
                file: 0,
                params: src.params.clone(),
                captures: src.captures.clone(),
                ret: src.ret,
                regs: src.regs.clone(),
                code,
                handlers,
                lines,
                except: src.except.clone(),
            });
        }
        self.m
    }
}

/// A host that records output and serves lines and files from memory.
#[derive(Default)]
pub struct TestHost {
    pub out: String,
    pub err: String,
    pub input: VecDeque<String>,
    pub files: HashMap<String, String>,
    pub flushes: usize,
    /// Every `sleep_ns` request, in order.
    pub sleeps: Vec<i64>,
    /// The next sleep is cut short by this signal with this much time left.
    pub interrupt_next_sleep: Option<(i32, i64)>,
    /// Signals with an installed handler, and those delivered but not yet polled.
    pub installed: Vec<i32>,
    pub pending: VecDeque<i32>,
}

impl Host for TestHost {
    fn write(&mut self, fd: i32, bytes: &[u8]) {
        let s = String::from_utf8_lossy(bytes);
        if fd == 2 {
            self.err.push_str(&s)
        } else {
            self.out.push_str(&s)
        }
    }
    fn flush(&mut self) {
        self.flushes += 1;
    }
    fn process_id(&mut self) -> i64 {
        4242
    }
    fn kill(&mut self, _pid: i64, signo: i64) -> i64 {
        if self.installed.contains(&(signo as i32)) {
            self.pending.push_back(signo as i32);
        }
        0
    }
    fn sleep_ns(&mut self, ns: i64) -> i64 {
        self.sleeps.push(ns);
        match self.interrupt_next_sleep.take() {
            Some((sig, left)) => {
                self.pending.push_back(sig);
                left
            }
            None => 0,
        }
    }
    fn poll_signal(&mut self) -> Option<i32> {
        self.pending.pop_front()
    }
    fn install_signal(&mut self, signo: i32) -> bool {
        self.installed.push(signo);
        signo != 9
    }
    fn now_ns(&mut self) -> i64 {
        7
    }
    fn read_line(&mut self) -> Option<String> {
        self.input.pop_front()
    }
    fn read_file(&mut self, path: &str) -> Result<String, (i64, String)> {
        self.files.get(path).cloned().ok_or((2, String::from("No such file or directory")))
    }
    fn write_file(&mut self, path: &str, text: &str) -> Result<(), (i64, String)> {
        if path.starts_with("/ro/") {
            return Err((30, String::from("Read-only file system")));
        }
        self.files.insert(path.to_string(), text.to_string());
        Ok(())
    }
}

/// Index of the function named `name`.
pub fn func_index(m: &Module, name: &str) -> u32 {
    m.functions.iter().position(|f| f.name == name).unwrap_or_else(|| panic!("no function {name}")) as u32
}

/// Loads `m` (which must verify) and runs `main` with `limits`.
pub fn run_with(m: Module, limits: Limits) -> (Outcome, TestHost, Vm) {
    let main = func_index(&m, "main");
    let mut vm = Vm::new(m).unwrap_or_else(|e| panic!("verify: {e}"));
    vm.set_limits(limits);
    let mut host = TestHost::default();
    let o = vm.run(main, None, &mut host);
    (o, host, vm)
}

pub fn run(m: Module) -> (Outcome, TestHost) {
    let (o, h, _) = run_with(m, Limits::default());
    (o, h)
}

/// Runs `main` and expects it to return an int.
pub fn run_int(m: Module) -> i64 {
    match run(m).0 {
        Outcome::Returned(Some(v)) => v as i64,
        o => panic!("expected an int result, got {o:?}"),
    }
}

/// Runs `main` and returns what it printed to stdout (it must return normally).
pub fn run_out(m: Module) -> String {
    let (o, h) = run(m);
    assert!(matches!(o, Outcome::Returned(_)), "outcome {o:?}, stdout {:?}", h.out);
    h.out
}
