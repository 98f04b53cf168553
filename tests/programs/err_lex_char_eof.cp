// exit: 1
// A character literal cut off by the end of the file.
fn main() = default {
    println!("x");
}
'