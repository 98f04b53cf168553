// exit: 1
// An unterminated string literal runs to the end of the file.
fn main() = default {
    let n = 1;
    let s = "never closed;
}
