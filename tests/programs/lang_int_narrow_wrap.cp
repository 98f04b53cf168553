// Arithmetic on a narrow integer type wraps at its width, as Rust's release build
// does: `+`, `-`, `*`, `/`, `<<`, unary `-` and `!`, and their compound assignments; a
// shift amount is taken modulo the width. A literal on the left of an operator is of the
// other operand's type (`1 + a` is an `i16` when `a` is).
fn id8(x: u8) -> u8 { x }
fn id32(x: u32) -> u32 { x }
int main() = default {
    let a: i16 = -300;
    println!("{:x} {:x} {} {}", a + 1, 1 + a, (a + 1).count_ones(), (1 + a).count_ones());
    let b: u8 = id8(100);
    println!("{} {}", !b, !id8(0));
    let m: u8 = id8(0x0F);
    println!("{} {}", (!m) & 0xFF, !m);
    let y: i32 = id32(1) as i32;
    println!("{} {}", y << 31, (y << 31) < 0);
    let d: u8 = id8(1);
    let w: u32 = id32(8);
    println!("{}", d << w);
    let a8: u8 = id8(200);
    let s: u32 = id32(9);
    println!("{}", a8 >> s);
    let bb: u8 = a8 + a8;
    println!("{} {}", bb, bb > 200);
    let mut mm: u8 = id8(250);
    mm += 10;
    println!("{} {:?}", mm, mm.checked_add(0));
    let mut z: u8 = id8(0);
    z -= 1;
    println!("{}", z);
    let i: i8 = -128 + (id8(0) as i8);
    println!("{} {}", i * -1, i - 1);
    let mut sh: u8 = id8(1);
    sh <<= id32(9);
    println!("{}", sh);
    let x: u16 = 65535 + (id8(0) as u16);
    println!("{} {}", x * x, x ^ 0xFFFF);
    let big: i64 = id32(1) as i64;
    println!("{}", big << 63);
    return 0;
}
