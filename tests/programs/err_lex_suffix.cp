// exit: 1
// Lexer errors in number suffixes: float suffix misuse, sizes, durations, tuple index.
fn main() = default {
    let g = 1.5i32;
    let h = 1.3KB;
    let i = 99999999999TB;
    let j = 999999999999h;
    let k = 1e30s;
    let t = (1, 2);
    let l = t.99999999999999999999;
}
