// exit: 1
// Expression syntax: chained comparisons, `..=` without an end, `raise` without a signal,
// `async` without a block, a path ending in `::`, a label on a non-loop.
fn main() = default {
    let a = 1;
    let ok = 0 < a < 2;
    let r = 1..=;
    raise;
    let f = async 5;
    let p = std::;
    'outer: if true {}
}
