// exit: 1
// Format arguments: the format must be a string literal, named values must exist, every
// argument must be used.
fn main() = default {
    let fmt = "{}";
    println!(fmt, 1);
    println!("{missing}");
    println!("{}", 1, 2);
}
