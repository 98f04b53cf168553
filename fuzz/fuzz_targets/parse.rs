//! Arbitrary UTF-8 as CPrime source: the whole front end (lexer, parser, checker,
//! lowering) must report errors, never panic; and whatever it compiles, the verifier
//! accepts (the compiler never emits bytecode the VM would refuse).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let opts = cprime_compiler::Options { features: Vec::new(), tests: true, prelude: None };
        let out = cprime_compiler::compile_source("fuzz.cp", text, &opts);
        if let Some(m) = out.module {
            if let Err(e) = cprime_vm::verify(&m) {
                panic!("the compiler emitted bytecode the verifier rejects: {e}\n--- source\n{text}");
            }
        }
    }
});
