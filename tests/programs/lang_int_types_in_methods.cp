// Integer methods and literals keep their type, as in Rust: `min`, `max`, `clamp`,
// `pow` and `abs` of a narrow or unsigned type compute on it (u64::MAX prints as itself,
// 18446744073709551615); a literal's suffix gives it a type (`200u8` is `200 as u8`,
// `-128i8` the literal -128 of `i8`); a typed `const` and `u8::MAX` have their types.
const C: u8 = 200;
const D: i8 = -1;
int main() = default {
    let x: u64 = 5;
    println!("{}", x.clamp(1, u64::MAX));
    let y: u64 = u64::MAX;
    println!("{} {}", y.max(1), y.min(1));
    let a: u8 = 200;
    println!("{}", (a + a).clamp(0, 255));
    let a2: u8 = 2;
    let b: i32 = 3;
    let c: i8 = -128;
    println!("{} {} {}", a2.pow(8), b.pow(21), c.abs());
    let z: i64 = i64::MIN;
    let w: i8 = -128;
    println!("{:?} {:?} {:?}", z.checked_rem(-1), w.checked_rem(-1), z.checked_div(-1));
    let f = 0.1;
    println!("{:?} {:?}", f.powi(5), f.powi(-7));
    let q: i64 = 7;
    println!("{} {} {} {}", q.pow(2), q.min(3), q.max(9), (-q).abs());
    println!("{} {} {:?}", 200u8.wrapping_add(100), (-1i8).count_ones(), 100i8.checked_add(100));
    println!("{} {}", 1u8.leading_zeros(), -128i8);
    match 3u8 {
        3u8 => println!("three"),
        _ => println!("other"),
    }
    println!("{} {} {:?}", C.wrapping_add(100), D.count_ones(), D.checked_sub(1));
    println!("{} {} {}", u8::MAX.wrapping_add(1), i8::MIN.wrapping_neg(), i16::MAX.saturating_add(1));
    let r = catch(DIVIDE_BY_ZERO) { w.rem_euclid(0) } recover { 7 };
    println!("{}", r);
    return 0;
}
