// exit: 1
// The numeric methods check their arguments as every method does.
int main() = default {
    let x = 2.0;
    let n = 5;
    println!("{}", x.tanh(1.0));
    println!("{}", x.atan2());
    println!("{}", n.checked_add(1, 2));
    println!("{}", n.wrapping_add("a"));
    println!("{:?}", n.checked_neg(1));
    println!("{:?}", n.overflowing_div(2));
    println!("{:?}", n.overflowing_shl());
    return 0;
}
