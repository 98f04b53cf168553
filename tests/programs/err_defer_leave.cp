// exit: 1
// Nothing jumps out of a `defer` block: `return`, `?`, and `break`/`continue` to a loop
// outside it are errors (the compiler used to recurse until its stack overflowed on
// `defer { return; }`, found by the parse fuzzer). A loop inside the block may
// `break` as usual. Each error is reported once, though the block is compiled once
// for each way out of its scope.
fn pick(v: Option<int>) -> Option<int> {
    defer {
        let x = v?;
    }
    v
}

fn main() = default {
    for i in 0..3 {
        defer {
            for j in 0..2 {
                if j == 1 { break; }
            }
            if i == 1 { continue; }
            let wrong: int = "s";
        }
        if i == 2 { return; }
    }
    defer { return; }
}
