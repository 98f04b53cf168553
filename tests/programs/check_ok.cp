// cmd: check
// `cprime check` on a correct program prints nothing and exits 0.
fn main() = default {
    println!("not run by check");
}
