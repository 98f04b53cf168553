//! Arbitrary bytes as what a peer sends, in receipts of arbitrary sizes: a socket's
//! `read` and `read_line` never panic and hand out exactly the text, in whole
//! characters and lines, or refuse what is not UTF-8. The oracle lives in
//! `cprime_runtimes::inbox::check_receipts`; this is thin.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cprime_runtimes::inbox::check_receipts(data);
});
