// flags: --tier=warp
// exit: 2
// stderr: warp
// An unknown tier is a usage error.
fn main() = default {
    println!("never printed");
}
