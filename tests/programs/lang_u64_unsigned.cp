// A `u64` (and `usize`) holds all 64 bits as one unsigned number, as Rust's: it
// prints (alone and inside a vector, tuple or Option), compares, divides, takes a
// remainder, shifts right and converts to `f64` as unsigned; `wrapping_shl` and
// `wrapping_shr` take the amount modulo the width; "18446744073709551615" parses. The
// order holds in conditions (`if`, `while`, guards), range patterns and `sort` too.
fn idu(x: u64) -> u64 { x }
fn kind(x: u64) -> int {
    match x {
        0..=9 => 1,
        10..9223372036854775808 => 2,
        9223372036854775808..=18446744073709551614 => 3,
        18446744073709551615 => 4,
        _ => 5,
    }
}
int main() = default {
    let m: u64 = idu(u64::MAX);
    let h: u64 = idu(9223372036854775808);
    println!("{} {} {:?} {}", m, h, m, m.to_string());
    println!("{} {} {} {}", m > 1, h >= 5, 1 < m, m <= h);
    println!("{} {} {}", m / 10, m % 10, m >> 1);
    let mut q: u64 = idu(u64::MAX);
    q /= 3;
    q >>= 2;
    println!("{}", q);
    let mut r: u64 = idu(18446744073709551000);
    r %= 7;
    println!("{} {}", r, m.wrapping_shr(65));
    let z: u64 = idu(0);
    println!("{}", z < m);
    let a: i32 = -8;
    println!("{} {}", a.wrapping_shr(1), (200u8).wrapping_shl(9));
    println!("{:?}", "18446744073709551615".parse::<u64>());
    println!("{} {} {} {}", m as f64, h as f64, idu(18446744073709550591) as f64, idu(12345) as f64);
    let v: Vec<u64> = vec![m, 1];
    println!("{:?} {:?}", v, (m, Some(h)));
    if m > 1 { println!("if: above"); } else { println!("if: wrong"); }
    let g = match m { n if n > h => "guard: above", _ => "guard: wrong" };
    println!("{}", g);
    let mut i: u64 = h;
    let mut halvings = 0;
    while i > 1 { i /= 2; halvings += 1; }
    println!("{} halvings", halvings);
    if 18446744073709551615 == m && 5 < m { println!("literal on the left"); }
    let mut w: Vec<u64> = vec![m, 3, h];
    w.sort();
    println!("{:?}", w);
    let mut k: u64 = idu(1);
    k &= 18446744073709551614;
    k |= 9223372036854775808;
    println!("{}", k);
    println!("{} {} {} {} {}", kind(idu(5)), kind(idu(100)), kind(h), kind(m), kind(idu(18446744073709551614)));
    return 0;
}
