// exit: 101
// stderr: something went wrong
// panic! ends the program with status 101 and its message on stderr.
fn main() = default {
    println!("before");
    panic!("something went wrong");
}
