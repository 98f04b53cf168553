// exit: 1
// An unterminated block comment runs to the end of the file.
fn main() = default {
    println!("x");
}
/* never closed
fn other() {}
