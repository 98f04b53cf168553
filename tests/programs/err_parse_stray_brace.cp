// exit: 1
// A `}` at the top level closes nothing.
fn main() = default {
    println!("x");
}
}
