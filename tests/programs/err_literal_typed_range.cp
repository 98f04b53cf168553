// exit: 1
// An integer literal must fit the type it is given, as Rust's `overflowing_literals`
// demands: a declared variable's, a constant's, a static's, a suffix's (`128i8` alone
// is out of range; `-128i8` is the smallest `i8`), and `int`'s by default.
const C: u8 = 300;
static S: i16 = -32769;
int main() = default {
    let x: u8 = 256;
    let y: i8 = -129;
    let z = 128i8;
    let u: u32 = -1;
    let n = -3u8;
    let big = 9223372036854775808;
    println!("{} {} {} {} {} {} {} {}", x, y, z, u, n, big, C, S);
    println!("{}", 256 + x);
    return 0;
}
