// Integer methods added in format version 11: next_power_of_two, is_positive/is_negative,
// div_ceil, checked_shl/shr/neg/abs/next_power_of_two and the overflowing_* pairs, on the
// receiver's type; the output is rustc's (-C overflow-checks=off) for the same program.
int main() = default {
    let a: u8 = 200;
    let b: i8 = -128;
    let c: u32 = 5;
    let d: u64 = 18446744073709551615;
    let e: i64 = 7;
    println!("{} {} {} {}", c.next_power_of_two(), 1u8.next_power_of_two(), 0u16.next_power_of_two(), 129u8.next_power_of_two());
    println!("{} {} {}", e.is_positive(), b.is_negative(), 0i32.is_positive());
    println!("{} {} {} {}", 7u32.div_ceil(2), 8u32.div_ceil(2), 0u8.div_ceil(3), d.div_ceil(2));
    println!("{:?} {:?} {:?} {:?}", a.checked_shl(1), a.checked_shl(8), a.checked_shr(7), 1u64.checked_shl(63));
    println!("{:?} {:?} {:?} {:?}", b.checked_neg(), 5u8.checked_neg(), 0u8.checked_neg(), e.checked_neg());
    println!("{:?} {:?} {:?}", b.checked_abs(), (-5i8).checked_abs(), i64::MIN.checked_abs());
    println!("{:?} {:?} {:?}", 200u8.checked_next_power_of_two(), 100u8.checked_next_power_of_two(), d.checked_next_power_of_two());
    println!("{:?} {:?} {:?}", a.overflowing_add(100), a.overflowing_add(55), b.overflowing_sub(1));
    println!("{:?} {:?} {:?}", i64::MAX.overflowing_mul(2), b.overflowing_neg(), 0u8.overflowing_neg());
    println!("{:?} {:?} {:?}", 1u8.overflowing_shl(9), 1u8.overflowing_shl(7), 3i32.overflowing_pow(21));
    let (v, o) = 250u8.overflowing_add(10);
    println!("{} {}", v, o);
    let r = catch(DIVIDE_BY_ZERO) { c.div_ceil(0) } recover { 99 };
    println!("{}", r);
    return 0;
}
