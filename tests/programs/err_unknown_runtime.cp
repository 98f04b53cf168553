// exit: 1
fn main() = turbo_runtime { println!("x"); }
