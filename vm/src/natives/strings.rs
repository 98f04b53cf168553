//! String natives. Strings are immutable UTF-8; indices are byte offsets, as in Rust.
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cmp::Ordering;

use cprime_bytecode::module::Kind;
use cprime_bytecode::natives::Native;

use super::{none, option, some};
use crate::heap::Heap;
use crate::Trap;

pub(super) fn call(heap: &mut Heap, n: Native, args: &[u64]) -> Result<Option<u64>, Trap> {
    let a = |i: usize| args.get(i).copied().unwrap_or(0);
    let i = |k: usize| a(k) as i64;
    use Native::*;
    let v = match n {
        StrLen => heap.str_of(a(0))?.len() as u64,
        StrParseInt => {
            let v = heap.str_of(a(0))?.parse::<i64>().ok();
            option(heap, Kind::Int, v.map(|x| x as u64))?
        }
        StrParseU => {
            let v = heap.str_of(a(0))?.parse::<u64>().ok();
            option(heap, Kind::Int, v)?
        }
        StrParseF => {
            let v = heap.str_of(a(0))?.parse::<f64>().ok();
            option(heap, Kind::Float, v.map(f64::to_bits))?
        }
        StrContains | StrStarts | StrEnds | StrCmp => {
            let (s, t) = (heap.str_of(a(0))?, heap.str_of(a(1))?);
            match n {
                StrContains => s.contains(t) as u64,
                StrStarts => s.starts_with(t) as u64,
                StrEnds => s.ends_with(t) as u64,
                _ => match s.cmp(t) {
                    Ordering::Less => -1i64 as u64,
                    Ordering::Equal => 0,
                    Ordering::Greater => 1,
                },
            }
        }
        StrFind => {
            let at = heap.str_of(a(0))?.find(heap.str_of(a(1))?);
            option(heap, Kind::Int, at.map(|x| x as u64))?
        }
        StrTrim => {
            let s = heap.str_of(a(0))?.trim();
            let mut out = heap.string_with_capacity(s.len())?;
            out.push_str(s);
            heap.new_str(out)?
        }
        StrUpper | StrLower => {
            let s = heap.str_of(a(0))?;
            heap.check_room(s.len().saturating_mul(3))?;
            let out = if n == StrUpper { s.to_uppercase() } else { s.to_lowercase() };
            heap.new_str(out)?
        }
        StrSplit => {
            let (s, sep) = (heap.str_of(a(0))?, heap.str_of(a(1))?);
            heap.check_room(s.len())?;
            let parts: Vec<String> = s.split(sep).map(String::from).collect();
            string_vec(heap, parts)?
        }
        StrLines => {
            let s = heap.str_of(a(0))?;
            heap.check_room(s.len())?;
            let parts: Vec<String> = s.lines().map(String::from).collect();
            string_vec(heap, parts)?
        }
        StrChars => {
            let s = heap.str_of(a(0))?;
            let mut items = heap.items_with_capacity(s.chars().count())?;
            items.extend(s.chars().map(|c| c as u64));
            heap.new_vector(Kind::Int, items)?
        }
        StrSlice => {
            let s = heap.str_of(a(0))?;
            let (from, to) = (i(1), i(2));
            let len = s.len() as i64;
            let ok = |x: i64| x >= 0 && x <= len && s.is_char_boundary(x as usize);
            if !ok(from) {
                return Err(Trap::Index { index: from, len });
            }
            if !ok(to) || to < from {
                return Err(Trap::Index { index: to, len });
            }
            let part = &s[from as usize..to as usize];
            let mut out = heap.string_with_capacity(part.len())?;
            out.push_str(part);
            heap.new_str(out)?
        }
        StrRepeat => {
            let s = heap.str_of(a(0))?;
            let times = usize::try_from(i(1).max(0)).unwrap_or(usize::MAX);
            let total = s.len().checked_mul(times).ok_or(Trap::Oom)?;
            let mut out = heap.string_with_capacity(total)?;
            for _ in 0..times {
                out.push_str(s);
            }
            heap.new_str(out)?
        }
        StrReplace => {
            let (s, from, to) = (heap.str_of(a(0))?, heap.str_of(a(1))?, heap.str_of(a(2))?);
            // worst case: `to` inserted between every byte (empty `from`)
            let bound = s.len().saturating_add((s.len() + 1).saturating_mul(to.len()));
            heap.check_room(bound.min(isize::MAX as usize))?;
            let out = crate::memory::try_replace(s, from, to)?;
            heap.new_str(out)?
        }
        StrCharAt => {
            let s = heap.str_of(a(0))?;
            let at = usize::try_from(i(1)).ok().filter(|&x| s.is_char_boundary(x));
            let c = at.and_then(|x| s.get(x..)).and_then(|rest| rest.chars().next());
            match c {
                Some(c) => some(heap, Kind::Int, c as u64)?,
                None => none(heap)?,
            }
        }
        _ => return Err(Trap::Internal(n.info().name.to_string() + " is not a string native")),
    };
    Ok(Some(v))
}

/// A `Vec<String>` object of new strings.
pub(crate) fn string_vec(heap: &mut Heap, parts: Vec<String>) -> Result<u64, Trap> {
    let mut items = heap.items_with_capacity(parts.len())?;
    for p in parts {
        items.push(heap.new_str(p)?);
    }
    heap.new_vector(Kind::Ref, items)
}
