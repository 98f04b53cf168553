// Integer arithmetic (wrapping), bitwise operators, literals and float formatting.
fn main() = default {
    println!("{}", 1 + 2 * 3);
    println!("{}", (1 + 2) * 3);
    println!("{} {}", 10 / 3, 10 % 3);
    println!("{} {}", -7 / 2, -7 % 2);
    println!("{}", 0xFF & 0x0F);
    println!("{}", 0b1010 | 1);
    println!("{}", 6 ^ 3);
    println!("{} {}", 1 << 10, -16 >> 2);
    println!("{}", 1_000_000 + 1);
    let big = 9223372036854775807;
    println!("{}", big + 1);
    println!("{} {}", 4_KB, 1_MB);
    println!("{}", 1.5 + 2.25);
    println!("{:.2}", 3.14159);
    println!("{}", 7 as f64 / 2.0);
    println!("{}", 3.99 as int);
    let mut x = 5;
    x += 3;
    x *= 2;
    x -= 1;
    println!("{}", x);
    println!("{} {} {}", 3 < 4, 3 == 4, !(3 >= 4));
}
