// cmd: build
// `cprime build` writes bytecode and prints nothing.
fn main() = default {
    println!("built, not run");
}
