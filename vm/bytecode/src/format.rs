//! The `.cpb` file format.
//!
//! ```text
//! file    := "CPB\0" version:u16le body crc32:u32le
//! body    := files consts layouts globals functions entries tests vtables slots shapes record_shapes
//! (every list is a ULEB128 count followed by its items; strings are length-prefixed UTF-8)
//! ```
//! The CRC-32 of everything before it tells a damaged file (a flipped bit, a truncated
//! copy) from a valid one: the verifier guarantees register kinds, not which kind of
//! object a reference is, so a damaged file it accepted would stop the interpreter with
//! an internal error instead of being rejected. Decoding checks structure only;
//! `cprime_vm::verify` checks meaning.
use alloc::vec::Vec;

use crate::isa::Insn;
use crate::module::*;
use crate::wire::{Reader, Result, Writer};

pub const MAGIC: &[u8; 4] = b"CPB\0";
/// Bumped whenever the encoding or the opcode table changes.
pub const VERSION: u16 = 11;

/// Appends the checksum of `bytes` (a header and body) that makes them a `.cpb` file.
pub fn seal(bytes: &mut Vec<u8>) {
    let crc = crc32fast::hash(bytes);
    bytes.extend_from_slice(&crc.to_le_bytes());
}

pub fn encode(m: &Module) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes.extend_from_slice(MAGIC);
    w.bytes.extend_from_slice(&VERSION.to_le_bytes());
    list(&mut w, &m.files, |w, f| w.str(f));
    list(&mut w, &m.consts, |w, c| match c {
        Const::Str(s) => {
            w.u8(0);
            w.str(s)
        }
    });
    list(&mut w, &m.layouts, |w, l| {
        w.str(&l.name);
        match &l.kind {
            LayoutKind::Struct => w.u8(0),
            LayoutKind::Tuple => w.u8(1),
            LayoutKind::Variant { enum_name, index } => {
                w.u8(2);
                w.str(enum_name);
                w.uleb(*index as u64);
            }
            LayoutKind::Signal => w.u8(3),
        }
        list(w, &l.fields, |w, (n, k)| {
            w.str(n);
            w.u8(*k as u8)
        });
    });
    list(&mut w, &m.globals, |w, g| {
        w.str(&g.name);
        w.u8(g.kind as u8);
        match g.init {
            GlobalInit::Int(v) => {
                w.u8(0);
                w.sleb(v)
            }
            GlobalInit::Float(v) => {
                w.u8(1);
                w.f64(v)
            }
            GlobalInit::Str(k) => {
                w.u8(2);
                w.uleb(k as u64)
            }
            GlobalInit::Null => w.u8(3),
        }
    });
    list(&mut w, &m.functions, |w, f| {
        w.str(&f.name);
        w.uleb(f.file as u64);
        list(w, &f.params, |w, k| w.u8(*k as u8));
        list(w, &f.captures, |w, k| w.u8(*k as u8));
        w.u8(f.ret.map_or(3, |k| k as u8));
        list(w, &f.regs, |w, k| w.u8(*k as u8));
        list(w, &f.code, |w, i| i.encode(w));
        list(w, &f.handlers, |w, h| {
            w.uleb(h.start as u64);
            w.uleb(h.end as u64);
            w.uleb(h.target as u64);
            w.uleb(h.reg as u64);
            list(w, &h.signals, |w, s| w.uleb(*s as u64));
        });
        list(w, &f.lines, |w, (pc, line)| {
            w.uleb(*pc as u64);
            w.uleb(*line as u64)
        });
        match &f.except {
            Except::Any => w.u8(1),
            Except::List(l) => {
                w.u8(0);
                list(w, l, |w, s| w.uleb(*s as u64));
            }
        }
    });
    list(&mut w, &m.entries, |w, e| {
        w.str(&e.name);
        w.uleb(e.func as u64);
        w.str(&e.runtime);
        list(w, &e.params, |w, (k, v)| {
            w.str(k);
            w.str(v)
        });
        list(w, &e.stages, |w, s| {
            w.str(&s.name);
            w.str(&s.text)
        });
        // flags: 1 takes args, 2 a runtime written in CPrime with coroutines
        w.u8(e.takes_args as u8 | (e.user_coroutines as u8) << 1);
        w.uleb(e.cleanup.map_or(0, |c| c as u64 + 1));
    });
    list(&mut w, &m.tests, |w, t| {
        w.str(&t.name);
        w.uleb(t.func as u64)
    });
    list(&mut w, &m.vtables, |w, v| {
        w.uleb(v.layout as u64);
        w.uleb(v.slot as u64);
        w.uleb(v.func as u64)
    });
    list(&mut w, &m.slots, |w, s| w.str(s));
    list(&mut w, &m.shapes, |w, s| match s {
        Shape::Plain => w.u8(0),
        Shape::Bool => w.u8(1),
        Shape::Char => w.u8(2),
        Shape::Unit => w.u8(3),
        Shape::Items(i) => {
            w.u8(4);
            w.uleb(*i as u64)
        }
        Shape::Entries(k, v) => {
            w.u8(5);
            w.uleb(*k as u64);
            w.uleb(*v as u64)
        }
        Shape::Duration => w.u8(7),
        Shape::Unsigned => w.u8(8),
        Shape::Records(rs) => {
            w.u8(6);
            list(w, rs, |w, (l, fs)| {
                w.uleb(*l as u64);
                list(w, fs, |w, f| w.uleb(*f as u64))
            })
        }
    });
    list(&mut w, &m.record_shapes, |w, (l, sh)| {
        w.uleb(*l as u64);
        w.uleb(*sh as u64)
    });
    seal(&mut w.bytes);
    w.bytes
}

fn list<T>(w: &mut Writer, items: &[T], mut f: impl FnMut(&mut Writer, &T)) {
    w.uleb(items.len() as u64);
    for i in items {
        f(w, i);
    }
}

fn read_list<'a, T>(r: &mut Reader<'a>, what: &str, mut f: impl FnMut(&mut Reader<'a>) -> Result<T>) -> Result<Vec<T>> {
    let n = r.len(what)?;
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        v.push(f(r)?);
    }
    Ok(v)
}

fn read_kind(r: &mut Reader) -> Result<Kind> {
    let b = r.u8()?;
    match Kind::from_u8(b) {
        Some(k) => Ok(k),
        None => r.err(alloc::format!("bad kind byte {b}")),
    }
}

fn u32v(r: &mut Reader, what: &str) -> Result<u32> {
    Ok(r.bounded(u32::MAX as u64, what)? as u32)
}

/// Decodes a `.cpb` file. Never panics: malformed input is a `DecodeError`.
pub fn decode(bytes: &[u8]) -> Result<Module> {
    let mut r = Reader::new(bytes);
    if bytes.len() < 6 || &bytes[..4] != MAGIC {
        return r.err("not a CPrime bytecode file (bad magic)");
    }
    let version = u16::from_le_bytes([bytes[4], bytes[5]]);
    if version != VERSION {
        return r.err(alloc::format!("bytecode version {version} is not supported (this cprime reads version {VERSION})"));
    }
    let Some((body, crc)) = bytes.split_last_chunk::<4>().filter(|(b, _)| b.len() >= 6) else {
        return r.err("the file is damaged: it ends before its checksum");
    };
    if crc32fast::hash(body) != u32::from_le_bytes(*crc) {
        r.pos = body.len();
        return r.err("the file is damaged: its checksum does not match its contents");
    }
    let mut r = Reader::new(body);
    r.pos = 6;
    let files = read_list(&mut r, "file", |r| r.str())?;
    let consts = read_list(&mut r, "constant", |r| match r.u8()? {
        0 => Ok(Const::Str(r.str()?)),
        t => r.err(alloc::format!("bad constant tag {t}")),
    })?;
    let layouts = read_list(&mut r, "layout", |r| {
        let name = r.str()?;
        let kind = match r.u8()? {
            0 => LayoutKind::Struct,
            1 => LayoutKind::Tuple,
            2 => LayoutKind::Variant { enum_name: r.str()?, index: u32v(r, "variant index")? },
            3 => LayoutKind::Signal,
            t => return r.err(alloc::format!("bad layout tag {t}")),
        };
        let fields = read_list(r, "field", |r| Ok((r.str()?, read_kind(r)?)))?;
        Ok(Layout { name, kind, fields })
    })?;
    let globals = read_list(&mut r, "global", |r| {
        let name = r.str()?;
        let kind = read_kind(r)?;
        let init = match r.u8()? {
            0 => GlobalInit::Int(r.sleb()?),
            1 => GlobalInit::Float(r.f64()?),
            2 => GlobalInit::Str(u32v(r, "constant")?),
            3 => GlobalInit::Null,
            t => return r.err(alloc::format!("bad global init tag {t}")),
        };
        Ok(Global { name, kind, init })
    })?;
    let functions = read_list(&mut r, "function", |r| {
        let name = r.str()?;
        let file = u32v(r, "file")?;
        let params = read_list(r, "parameter", read_kind)?;
        let captures = read_list(r, "capture", read_kind)?;
        let ret = match r.u8()? {
            3 => None,
            b => match Kind::from_u8(b) {
                Some(k) => Some(k),
                None => return r.err("bad return kind"),
            },
        };
        let regs = read_list(r, "register", read_kind)?;
        let code = read_list(r, "instruction", Insn::decode)?;
        let handlers = read_list(r, "handler", |r| {
            Ok(Handler {
                start: u32v(r, "handler start")?,
                end: u32v(r, "handler end")?,
                target: u32v(r, "handler target")?,
                reg: r.bounded(u16::MAX as u64, "register")? as u16,
                signals: read_list(r, "signal", |r| u32v(r, "layout"))?,
            })
        })?;
        let lines = read_list(r, "line", |r| Ok((u32v(r, "pc")?, u32v(r, "line")?)))?;
        let except = match r.u8()? {
            1 => Except::Any,
            0 => Except::List(read_list(r, "signal", |r| u32v(r, "layout"))?),
            t => return r.err(alloc::format!("bad except tag {t}")),
        };
        Ok(Function { name, file, params, captures, ret, regs, code, handlers, lines, except })
    })?;
    let entries = read_list(&mut r, "entry", |r| {
        let name = r.str()?;
        let func = u32v(r, "function")?;
        let runtime = r.str()?;
        let params: Vec<(alloc::string::String, alloc::string::String)> = read_list(r, "parameter", |r| Ok((r.str()?, r.str()?)))?;
        // the scheduler reads its own parameters before any code runs: they must be
        // what the compiler allows
        if crate::runtimes::runtime(&runtime).is_some_and(|rt| rt.has_coroutines) {
            for (p, text) in &params {
                if let Some(Err(why)) = crate::runtimes::scheduler_param(p, text) {
                    return r.err(why);
                }
            }
        }
        let stages = read_list(r, "stage", |r| Ok(StageDecl { name: r.str()?, text: r.str()? }))?;
        let flags = r.u8()?;
        if flags > 3 {
            return r.err("bad flag");
        }
        Ok(Entry {
            name,
            func,
            runtime,
            params,
            stages,
            takes_args: flags & 1 != 0,
            cleanup: match u32v(r, "function")? {
                0 => None,
                c => Some(c - 1),
            },
            user_coroutines: flags & 2 != 0,
        })
    })?;
    let tests = read_list(&mut r, "test", |r| Ok(TestCase { name: r.str()?, func: u32v(r, "function")? }))?;
    let vtables = read_list(&mut r, "vtable entry", |r| {
        Ok(VTableEntry { layout: u32v(r, "layout")?, slot: u32v(r, "slot")?, func: u32v(r, "function")? })
    })?;
    let slots = read_list(&mut r, "slot", |r| r.str())?;
    let shapes = read_list(&mut r, "shape", |r| {
        Ok(match r.u8()? {
            0 => Shape::Plain,
            1 => Shape::Bool,
            2 => Shape::Char,
            3 => Shape::Unit,
            4 => Shape::Items(u32v(r, "shape")?),
            5 => Shape::Entries(u32v(r, "shape")?, u32v(r, "shape")?),
            6 => Shape::Records(read_list(r, "record shape", |r| {
                Ok((u32v(r, "layout")?, read_list(r, "field shape", |r| u32v(r, "shape"))?))
            })?),
            7 => Shape::Duration,
            8 => Shape::Unsigned,
            t => return r.err(alloc::format!("bad shape tag {t}")),
        })
    })?;
    let record_shapes = read_list(&mut r, "record shape", |r| Ok((u32v(r, "layout")?, u32v(r, "shape")?)))?;
    if !r.at_end() {
        return r.err("trailing bytes after the module");
    }
    Ok(Module { files, consts, layouts, globals, functions, entries, tests, vtables, slots, shapes, record_shapes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::*;
    use alloc::string::String;
    use alloc::vec;

    fn sample() -> Module {
        let mut m = Module::new();
        m.files.push(String::from("a.cp"));
        m.consts.push(Const::Str(String::from("hi")));
        m.globals.push(Global { name: String::from("G"), kind: Kind::Float, init: GlobalInit::Float(1.5) });
        m.functions.push(Function {
            name: String::from("main"),
            file: 0,
            params: vec![],
            captures: vec![],
            ret: Some(Kind::Int),
            regs: vec![Kind::Int],
            code: vec![Insn::LdI { a: Wi(0), v: Imm(3) }, Insn::Ret { v: Rx(0) }],
            handlers: vec![],
            lines: vec![(0, 1)],
            except: Except::Any,
        });
        m.entries.push(Entry {
            name: String::from("main"),
            func: 0,
            runtime: String::from("default"),
            params: vec![],
            stages: vec![],
            takes_args: false,
            cleanup: None,
            user_coroutines: false,
        });
        m.shapes = vec![
            Shape::Plain,
            Shape::Bool,
            Shape::Char,
            Shape::Unit,
            Shape::Duration,
            Shape::Unsigned,
            Shape::Items(1),
            Shape::Entries(2, 4),
            Shape::Records(vec![(crate::builtins::SOME_I, vec![1]), (crate::builtins::NONE, vec![])]),
        ];
        m.record_shapes = vec![(crate::builtins::SOME_I, 6)];
        m
    }

    #[test]
    fn roundtrip() {
        let m = sample();
        assert_eq!(decode(&encode(&m)).unwrap(), m);
    }

    #[test]
    fn entry_flags_roundtrip() {
        for (takes_args, user_coroutines) in [(false, true), (true, true), (true, false)] {
            let mut m = sample();
            m.entries[0].takes_args = takes_args;
            m.entries[0].user_coroutines = user_coroutines;
            m.entries[0].runtime = String::from("GameRuntime");
            let back = decode(&encode(&m)).unwrap();
            assert_eq!(back, m);
            assert_eq!(back.entries[0].runs_coroutines(), user_coroutines);
        }
    }

    #[test]
    fn scheduler_parameters_out_of_bounds_are_refused() {
        let with = |runtime: &str, value: &str| {
            let mut m = sample();
            m.entries[0].runtime = String::from(runtime);
            m.entries[0].params = vec![(String::from("thread_pool"), String::from(value))];
            decode(&encode(&m))
        };
        assert!(with("coroutine", "4").is_ok());
        for bad in ["0", "-1", "257", "abc", ""] {
            let e = with("coroutine", bad).unwrap_err();
            assert!(e.what.contains("`.thread_pool"), "{bad}: {e:?}");
        }
        // another runtime's parameters are its own business
        assert!(with("default", "abc").is_ok());
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = encode(&sample());
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_err(), "prefix {n} accepted");
        }
    }
}
