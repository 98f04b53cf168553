// Rust's format specs beyond `{}`/`{:?}`: radix notations with `#` and zero padding
// after the prefix (a negative i32 in hex is its 32-bit two's complement), `{:e}` of floats
// and ints, `{:+}`, fill characters, widths and precisions from arguments (`w$`, `1$`,
// `.*`), and `{:#?}`'s pretty layout. The expected output is what rustc's program of
// the same text prints.
struct P { x: i64, y: Vec<i64>, n: Option<String> }
enum Shape { Circle(f64), Empty }
int main() = default {
    let a: i64 = 255; let neg: i64 = -1; let small: i32 = -1; let byte: u8 = 200;
    println!("{:x} {:X} {:o} {:b} {:#x} {:#X} {:#o} {:#b}", a, a, a, a, a, a, a, a);
    println!("{:x} {:x} {:b}", neg, small, byte);
    println!("[{:#010x}] [{:08b}] [{:>8x}] [{:<8X}] [{:^#8x}]", a, 5, a, a, a);
    println!("{:e} {:E} {:e} {:.2e} {:e} {:e}", 1234.5, 0.00012, 0.0, 1234.5, 1e100, -2.5);
    println!("{:e} {:.1e} {:E}", 1234, 1250, 100);
    println!("{:+} {:+} {:+.2} {:+} {:+05}", 5, -5, 1.5, 0, 7);
    println!("[{:*^9}] [{:-<6}] [{:#>4}] [{:é^5}]", "ab", 1, "x", 2);
    let w = 6; let p = 2;
    println!("[{:w$}] [{:>w$.p$}] [{:.*}]", 3, 2.0, 3, 1.0/3.0);
    println!("[{:1$}] [{2:>1$.3}] [{2:+.p$e}] [{3:>+w$}]", 7, 9, 3.14159, -4);
    println!("[{:.*}] [{:.p$}]", 3, "abcdef", "xyz");
    let pt = P { x: 1, y: vec![2, 3], n: Some("a, (b)".to_string()) };
    println!("{:#?}", pt);
    println!("{:#?}", Shape::Circle(1.5));
    println!("{:#?}", Shape::Empty);
    println!("{:#?}", vec![Some(1), None]);
    println!("{:#?}", (1, "x"));
    let e: Vec<i64> = vec![];
    println!("{:#?} {:#?}", e, 5);
    println!("{:#?}", Some(('a', '\'')));
    0
}
