// The integer methods Rust's integer types have, computed on the receiver's type: its
// width and signedness (every integer is a 64-bit pattern in a register).
int main() = default {
    let a: u8 = 200;
    let b: i8 = 100;
    let c: i32 = -7;
    let d: u16 = 0x1234;
    let e: i64 = 1000;
    println!("{} {} {}", a.wrapping_add(100), b.wrapping_add(100), a.saturating_add(100));
    println!("{} {} {}", b.saturating_mul(2), c.saturating_sub(i32::MAX), e.saturating_pow(7));
    println!("{} {} {}", c.rem_euclid(3), c.div_euclid(3), c.abs_diff(5));
    println!("{} {} {} {}", a.count_ones(), a.leading_zeros(), d.trailing_zeros(), c.count_zeros());
    println!("{} {} {}", d.swap_bytes(), a.reverse_bits(), a.rotate_left(3));
    println!("{} {} {} {}", e.isqrt(), e.ilog10(), e.ilog2(), e.is_power_of_two());
    println!("{} {} {}", c.signum(), c.wrapping_neg(), c.unsigned_abs());
    println!("{:?} {:?} {:?}", a.checked_add(55), a.checked_add(56), c.checked_div(0));
    println!("{:?} {:?} {:?}", b.checked_mul(2), e.checked_pow(6), e.checked_pow(7));
    println!("{:?} {:?}", i64::MIN.checked_sub(1), 7.checked_rem(2));
    println!("{} {} {}", e.clamp(0, 100), c.clamp(-5, 5), 3.wrapping_pow(41));
    println!("{} {}", 3.wrapping_mul(i64::MAX), (-5).wrapping_abs());
    let r = catch(DIVIDE_BY_ZERO) { c.rem_euclid(0) } recover { 99 };
    println!("{}", r);
    return 0;
}
