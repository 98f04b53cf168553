// exit: 1
// A block left open at the end of the file.
fn main() = default {
    if true {
        println!("x");
    }
