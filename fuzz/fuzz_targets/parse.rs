//! Arbitrary UTF-8 as CPrime source: the whole front end (lexer, parser, checker,
//! lowering) must report errors, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let opts = cprime_compiler::Options { features: Vec::new(), tests: true, prelude: None };
        let _ = cprime_compiler::compile_source("fuzz.cp", text, &opts);
    }
});
