//! Arbitrary UTF-8 as CPrime source: the whole front end (lexer, parser, checker,
//! lowering) must report errors, never panic; and whatever it compiles, the verifier
//! accepts (the compiler never emits bytecode the VM would refuse).
#![no_main]
use libfuzzer_sys::fuzz_target;

/// The stack the `cprime` binary compiles on (`src/main.rs` `STACK_SIZE`): the passes
/// after parsing recurse on the tree, and a chain just under the compiler's limits
/// (err_expression_too_long.cp's 10,000 operators) needs more than the fuzzer's own
/// thread has under AddressSanitizer (a stack overflow there is not one in the tool).
const STACK_SIZE: usize = 256 * 1024 * 1024;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let text = text.to_owned();
        let run = std::thread::Builder::new().stack_size(STACK_SIZE).spawn(move || {
            let opts = cprime_compiler::Options { features: Vec::new(), tests: true, prelude: None };
            let out = cprime_compiler::compile_source("fuzz.cp", &text, &opts);
            if let Some(m) = out.module {
                if let Err(e) = cprime_vm::verify(&m) {
                    panic!("the compiler emitted bytecode the verifier rejects: {e}\n--- source\n{text}");
                }
            }
        });
        if let Err(panic) = run.expect("a thread for the compiler").join() {
            std::panic::resume_unwind(panic);
        }
    }
});
