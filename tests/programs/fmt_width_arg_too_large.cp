// exit: 101
// A width given at run time is at most 65535, as Rust's (a literal one past it is a
// compile error: err_format_spec_too_large.cp).
fn main() = default {
    let w = 70000;
    println!("[{:>4}]", 1);
    println!("[{:w$}]", 1);
}
