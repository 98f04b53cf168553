// Arithmetic with literal operands (MulIK/DivIK/RemIK) matches the register forms;
// a literal zero divisor still raises DIVIDE_BY_ZERO.
fn main() = default {
    let mut x = -7;
    println!("{} {} {} {}", x * 3, x / 2, x % 3, x % -3);
    x *= 5; println!("{}", x);
    x /= -4; println!("{}", x);
    x %= 4; println!("{}", x);
    let m: i64 = -9223372036854775807 - 1;
    println!("{} {}", m / -1, m % -1);
    println!("{}", catch(DIVIDE_BY_ZERO) { 5 / 0 } recover { -1 });
}
