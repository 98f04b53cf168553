// A `match` on an integer needs no `_` arm when its literals and ranges cover the
// type, as in Rust: halves of a `u8`, an `i8` around zero, a `u64` split at 2^63, and an
// integer column inside a tuple, beside a `bool`.
fn half(x: u8) -> int {
    match x {
        0..=127 => 1,
        128..=255 => 2,
    }
}
fn sign(x: i8) -> int {
    match x {
        -128..=-1 => -1,
        0 => 0,
        1..=127 => 1,
    }
}
fn big(x: u64) -> bool {
    match x {
        0..9223372036854775808 => false,
        9223372036854775808..=18446744073709551615 => true,
    }
}
fn pair(p: (bool, u8)) -> int {
    match p {
        (true, _) => 0,
        (false, 0..=9) => 1,
        (false, 10..=255) => 2,
    }
}
int main() = default {
    println!("{} {} {} {}", half(3), half(200), sign(-5), sign(0));
    println!("{} {}", big(5), big(18446744073709551615));
    println!("{} {} {}", pair((true, 5)), pair((false, 5)), pair((false, 50)));
    return 0;
}
