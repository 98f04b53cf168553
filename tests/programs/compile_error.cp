// exit: 1
// stderr: compile_error.cp:6
// stderr: error: could not compile `compile_error.cp` due to
// A compile error: file:line:col diagnostics, a summary line, exit 1.
fn main() = default {
    let x: int = "not an int";
    println!("{}", x);
}
