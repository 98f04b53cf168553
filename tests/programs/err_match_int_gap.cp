// exit: 1
// Integer arms that leave a value out (101 of a `u8`; any `i8` below -1) are not
// exhaustive: the compiler asks for the missing arm.
fn f(x: u8) -> int {
    match x {
        0..=100 => 1,
        102..=255 => 2,
    }
}
fn g(x: i8) -> int {
    match x {
        -1..=127 => 1,
    }
}
int main() = default {
    println!("{} {}", f(1), g(1));
    return 0;
}
