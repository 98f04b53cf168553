// A constant of a declared integer type is computed at that type, every step, as
// Rust's constant evaluation does: `!0` of a `u8` is 255, bits shifted out of a `u8`
// are lost (`255 << 1` is 254), a `u64` holds values past `i64::MAX`. Another
// constant's value is the one its declaration gives it (`K = J` is 255, not -1).
const F: u8 = 255 << 1;
const G: u64 = 18446744073709551615 - 1;
const J: u8 = !0;
const K: i8 = !0;
const M: usize = 10 * 1024;
const N: u8 = (2 * 100) / 2;
static S: u16 = !1;
const K2: u8 = J;
const L: int = J as int + 1;
const G2: u8 = F / 2;
int main() = default {
    println!("{} {} {} {} {} {} {}", F, G, J, K, M, N, S);
    let x: u8 = 200;
    println!("{}", x > F);
    println!("{} {} {}", K2, L, G2);
    return 0;
}
