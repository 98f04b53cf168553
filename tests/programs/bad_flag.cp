// flags: --no-such-flag
// exit: 2
// An unknown flag is a usage error: exit status 2, nothing runs.
fn main() = default {
    println!("never printed");
}
