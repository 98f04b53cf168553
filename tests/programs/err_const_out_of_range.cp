// exit: 1
// A constant whose value its declared integer type cannot hold is an error, used or
// not, as Rust refuses to evaluate it: a sum, a difference below zero, a shift, a
// negation of the smallest value.
const A: u8 = 200 + 100;
const T: u8 = 3;
const B: u8 = T - 4;
const S: i32 = 1 << 40;
const M: i8 = -128;
const N: i8 = -M;
static G: u8 = 250 + 10;
int main() = default {
    println!("{} {} {} {} {:x} {}", A, B, S, N, N, G);
    return 0;
}
// every step is computed at the declared type, as Rust's constant evaluation does
const P: u8 = 2 * 200 / 2;
const Q: u64 = 0 - 1;
const R: i64 = 9223372036854775807 + 1;
const U: u8 = 1 << 8;
const V: i32 = (1 << 30) * 2;
const W: u8 = 300 - 100;
