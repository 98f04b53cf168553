//! Arbitrary bytes as a `.cpb` file: decoding, verification and a fuel-bounded run must
//! never panic or misbehave. The input is sealed with its checksum (`format::seal`), so
//! that it reaches the decoder and the verifier rather than stopping at the checksum.
//! The oracle lives in `cprime_vm::check_bytes`; this is thin.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut sealed = data.to_vec();
    cprime_bytecode::format::seal(&mut sealed);
    let _ = cprime_vm::check_bytes(&sealed, 10_000);
});
