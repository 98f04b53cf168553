// exit: 1
fn main() = default {
    println!("{} {}", 1);
    println!("{", 2);
}
