//! Arbitrary bytes as a `.cpb` file: decoding, verification and a fuel-bounded run must
//! never panic or misbehave. The oracle lives in `cprime_vm::check_bytes`; this is thin.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = cprime_vm::check_bytes(data, 10_000);
});
