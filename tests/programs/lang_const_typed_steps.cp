// A constant of a declared integer type is computed at that type, every step, as
// Rust's constant evaluation does: `!0` of a `u8` is 255, bits shifted out of a `u8`
// are lost (`255 << 1` is 254), a `u64` holds values past `i64::MAX`.
const F: u8 = 255 << 1;
const G: u64 = 18446744073709551615 - 1;
const J: u8 = !0;
const K: i8 = !0;
const M: usize = 10 * 1024;
const N: u8 = (2 * 100) / 2;
static S: u16 = !1;
int main() = default {
    println!("{} {} {} {} {} {} {}", F, G, J, K, M, N, S);
    let x: u8 = 200;
    println!("{}", x > F);
    return 0;
}
