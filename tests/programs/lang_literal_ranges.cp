// Literals at the edges of their types' ranges are accepted: the largest and smallest
// of each, the smallest `int` written negated, and `u64::MAX` written out. A literal on
// the left of an operator is of the right operand's type, as in Rust.
const C: u8 = 255;
static S: i8 = -128;
int main() = default {
    let a: u8 = 255;
    let b: i8 = -128;
    let c: i16 = 32767;
    let d: u32 = 4294967295;
    let e = -128i8;
    let f = 127i8;
    let g = -9223372036854775808;
    let h: u64 = 18446744073709551615;
    let i: u16 = 0;
    println!("{} {} {} {} {} {} {} {} {} {} {}", a, b, c, d, e, f, g, h == u64::MAX, i, C, S);
    let small: u8 = 5;
    println!("{} {} {}", 18446744073709551615 == h, 250 + small, -128 < b);
    return 0;
}
