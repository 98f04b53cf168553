// Integer arithmetic wraps on overflow; casts truncate; bitwise operators and shifts.
fn main() = default {
    let a = 7;
    let b = -3;
    println!("{} {} {} {} {}", a + b, a - b, a * b, a / b, a % b);
    println!("{} {} {} {} {}", a & 3, a | 8, a ^ 5, 1 << 10, -16 >> 2);
    let big: i64 = 9223372036854775807;
    println!("{}", big + 1);
    println!("{} {} {}", 300 as u8, -1 as u8, 200 as i8);
    println!("{} {}", 0xFF, 0b1010);
    println!("{} {} {}", 4_KB, 1_MB, 100_MHz);
    println!("{}", !0);
    let mut x = 10;
    x += 5;
    x -= 3;
    x *= 2;
    x /= 4;
    x %= 4;
    println!("x = {}", x);
    println!("{} {} {}", 3 < 4, 4 <= 3, 5 != 5);
}
