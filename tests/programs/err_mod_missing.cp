// exit: 1
// `mod name;` loads `name.cp` beside the file; a missing file is an error.
mod no_such_module;
fn main() = default {
    println!("x");
}
