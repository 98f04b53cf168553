//! The CPrime standard library, as CPrime source built into the toolchain.
//!
//! Why source and not bytecode: the compiler compiles the prelude together with every
//! program, so the library is type-checked with the user's code and its functions are
//! ordinary CPrime (callable, inlinable by later tiers, visible in `cprime dis`).
//! Functions the VM must provide are natives (`cprime_bytecode::natives`), bound by name
//! in the compiler; they have no body here.

/// `lib/prelude.cp`: helpers every program sees (`min`, `max`, `abs`, `clamp`).
pub const PRELUDE: &str = include_str!("../lib/prelude.cp");

/// Name the prelude's diagnostics and stack-trace lines show.
pub const PRELUDE_NAME: &str = "<std>/prelude.cp";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prelude_is_embedded() {
        assert!(!PRELUDE.trim().is_empty());
        assert!(PRELUDE.contains("fn min(a: int, b: int) -> int"));
    }

    #[test]
    fn prelude_has_no_entry_point() {
        // An entry point in the prelude would make every program ambiguous.
        assert!(!PRELUDE.contains("= default"));
    }
}
