// exit: 101
// `c.to_digit(radix)` is an Option, as Rust's, and `c.is_digit(radix)` says whether it
// is one; `to_digit()` without a radix is refused (it is not Rust's), and a radix past
// 36 panics as Rust's does.
int main() = default {
    for c in ['7', 'a', 'F', 'z', ' ', '٣'] {
        println!("{:?}: {:?} {:?} {:?} {} {}", c, c.to_digit(10), c.to_digit(16), c.to_digit(36), c.is_digit(16), c.is_ascii_digit());
    }
    let mut sum = 0;
    for c in "4a2".chars() {
        if let Some(d) = c.to_digit(10) {
            sum += d;
        }
    }
    println!("{}", sum);
    let r = 37;
    println!("{:?}", 'a'.to_digit(r));
    0
}
