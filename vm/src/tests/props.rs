//! Property tests: whatever bytes arrive, `check_bytes` (decode, verify, run with fuel)
//! returns instead of panicking.
use std::vec;
use std::vec::Vec;

use cprime_bytecode::format::{decode, encode, seal, MAGIC, VERSION};
use cprime_bytecode::isa::{Insn, OPCODES};
use cprime_bytecode::module::Module;
use cprime_bytecode::wire::{Reader, Writer};
use proptest::prelude::*;

use super::gc::binary_trees;
use super::programs::{fib_module, loop_module};
use crate::check_bytes;

fn samples() -> Vec<Module> {
    let mut v = vec![fib_module(10), loop_module(100), binary_trees()];
    for m in &mut v {
        let main = super::func_index(m, "main");
        m.entries.push(cprime_bytecode::module::Entry::plain("main", main));
    }
    v
}

/// An instruction built from an opcode index and small operand values, decoded through
/// the real decoder so every opcode and operand shape is covered.
fn insn_from(op: u8, vals: &[u8]) -> Option<Insn> {
    let info = OPCODES.get(op as usize % OPCODES.len())?;
    let mut w = Writer::default();
    w.u8((op as usize % OPCODES.len()) as u8);
    for (i, (_, fmt)) in info.operands.iter().enumerate() {
        let v = vals.get(i).copied().unwrap_or(0);
        match *fmt {
            "imm" => w.sleb(v as i8 as i64),
            "kind" => w.u8(v % 3),
            _ => w.uleb((v % 16) as u64),
        }
    }
    Insn::decode(&mut Reader::new(&w.bytes)).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = check_bytes(&bytes, 10_000);
        let mut with_header = MAGIC.to_vec();
        with_header.extend_from_slice(&VERSION.to_le_bytes());
        with_header.extend_from_slice(&bytes);
        let _ = check_bytes(&with_header, 10_000);
        // (sealed, so that what follows the header reaches the decoder)
        seal(&mut with_header);
        let _ = check_bytes(&with_header, 10_000);
    }

    #[test]
    fn mutated_encodings(which in 0usize..3, edits in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..4), 1..6)) {
        // the body mutated, then sealed again (else the checksum refuses nearly all)
        let mut bytes = encode(&samples()[which]);
        bytes.truncate(bytes.len() - 4);
        for (pos, val, how) in edits {
            let at = pos % bytes.len();
            match how {
                0 => bytes[at] = val,
                1 => bytes[at] ^= 1 << (val % 8),
                2 => bytes.insert(at, val),
                _ => { bytes.remove(at); }
            }
            if bytes.is_empty() { break; }
        }
        seal(&mut bytes);
        let _ = check_bytes(&bytes, 10_000);
    }

    #[test]
    fn spliced_instructions(which in 0usize..3, func in any::<usize>(),
                            splices in proptest::collection::vec((any::<usize>(), any::<u8>(), proptest::collection::vec(any::<u8>(), 4)), 1..4)) {
        let mut m = samples()[which].clone();
        let f = func % m.functions.len();
        for (at, op, vals) in splices {
            if let Some(i) = insn_from(op, &vals) {
                let code = &mut m.functions[f].code;
                let at = at % code.len();
                code[at] = i;
            }
        }
        let bytes = encode(&m);
        prop_assert!(decode(&bytes).is_ok());
        let _ = check_bytes(&bytes, 10_000);
    }
}

/// A file with any one byte changed, or cut short, is refused as damaged before the
/// verifier sees it (the verifier does not know which kind of object a reference is).
#[test]
fn a_damaged_file_is_refused() {
    for m in samples() {
        let good = encode(&m);
        for at in 6..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0x10;
            let e = decode(&bad).err().map(|e| e.what).unwrap_or_default();
            assert!(e.contains("damaged"), "byte {at} flipped: {e:?}");
        }
        for len in 6..good.len() {
            assert!(decode(&good[..len]).is_err(), "cut at {len}");
        }
    }
}

/// Every sample is valid and runs.
#[test]
fn samples_run() {
    for m in samples() {
        let r = check_bytes(&encode(&m), 100_000_000);
        assert!(matches!(r, Ok(crate::Outcome::Returned(_))), "{r:?}");
    }
}


/// A shape from small numbers (indices may point anywhere, also out of range).
fn shape_from(tag: u8, a: u8, b: u8) -> cprime_bytecode::module::Shape {
    use cprime_bytecode::builtins::{NONE, SOME_I, SOME_R};
    use cprime_bytecode::module::Shape;
    match tag % 9 {
        8 => Shape::Unsigned,
        0 => Shape::Plain,
        1 => Shape::Bool,
        2 => Shape::Char,
        3 => Shape::Unit,
        4 => Shape::Duration,
        5 => Shape::Items(a as u32 % 8),
        6 => Shape::Entries(a as u32 % 8, b as u32 % 8),
        _ => Shape::Records(vec![(SOME_I, vec![a as u32 % 8]), (SOME_R, vec![b as u32 % 8]), (NONE, vec![])]),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever shape table the verifier accepts (cycles included), printing any value
    /// through any of its shapes ends, without panicking, and an int that a shape calls
    /// a `bool` prints as one.
    #[test]
    fn shaped_printing_always_ends(table in proptest::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 1..8),
                                   ints in proptest::collection::vec(any::<i64>(), 1..6)) {
        use cprime_bytecode::builtins::{SOME_I, SOME_R};
        use cprime_bytecode::module::{Kind, Shape};
        let mut m = samples()[0].clone();
        m.shapes = table.iter().map(|&(t, a, b)| shape_from(t, a, b)).collect();
        let verified = crate::verify::verify(&m).is_ok();
        let all_in_range = m.shapes.iter().all(|s| match s {
            Shape::Items(i) => (*i as usize) < m.shapes.len(),
            Shape::Entries(k, v) => (*k as usize) < m.shapes.len() && (*v as usize) < m.shapes.len(),
            Shape::Records(rs) => rs.iter().all(|(_, fs)| fs.iter().all(|f| (*f as usize) < m.shapes.len())),
            _ => true,
        });
        prop_assert_eq!(verified, all_in_range, "the verifier accepts exactly the tables whose indices exist");
        if !verified {
            return Ok(());
        }
        let mut heap = crate::heap::Heap::new();
        let v = heap.new_vector(Kind::Int, ints.iter().map(|&i| i as u64).collect()).unwrap();
        let some_int = heap.new_record(SOME_I, &[ints[0] as u64]).unwrap();
        let some_vec = heap.new_record(SOME_R, &[v]).unwrap();
        let nested = heap.new_record(SOME_R, &[some_vec]).unwrap();
        for s in 0..m.shapes.len() as u32 {
            for h in [v, some_int, some_vec, nested] {
                let text = crate::format::shaped_debug(&m, &heap, h, s);
                prop_assert!(!text.is_empty());
            }
        }
        // a vector read as `Items(bool)` prints `true`/`false`
        m.shapes = vec![Shape::Bool, Shape::Items(0)];
        let text = crate::format::shaped_debug(&m, &heap, v, 1);
        let want: Vec<&str> = ints.iter().map(|&i| if i != 0 { "true" } else { "false" }).collect();
        prop_assert_eq!(text, std::format!("[{}]", want.join(", ")));
    }
}
