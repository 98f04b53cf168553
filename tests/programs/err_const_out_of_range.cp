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
