// The CPrime prelude: the part of the standard library that every program sees.
//
// The standard library is CPrime source built into the `cprime` binary (the
// `cprime-stdlib` crate embeds this file with `include_str!`); the compiler
// compiles it together with the user's program. Operations the VM must provide
// (I/O, processes, time, string and collection primitives) are native functions:
// the compiler binds them by name to the table in vm/bytecode/src/natives.rs, so
// they need no CPrime body here.
//
// Keep this file plain, simple CPrime: it is compiled before every program, so a
// mistake here is a compile error in everyone's code.

/// The smaller of two integers.
fn min(a: int, b: int) -> int {
    if a < b { a } else { b }
}

/// The larger of two integers.
fn max(a: int, b: int) -> int {
    if a > b { a } else { b }
}

/// The absolute value of an integer (wrapping: `abs(i64::MIN)` is `i64::MIN`).
fn abs(a: int) -> int {
    if a < 0 { 0 - a } else { a }
}

/// `v` limited to the range `lo..=hi`.
fn clamp(v: int, lo: int, hi: int) -> int {
    max(lo, min(v, hi))
}
