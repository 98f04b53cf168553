// Casts in constants and statics compute what the same casts compute at run time, as
// Rust's `as` does: integers wrap to the target's width, floats saturate at its range
// (NaN is 0), an integer becomes a char; a constant keeps its cast's type (`F` is an
// int and indexes a vector).
const A: int = 300 as u8;
static B: int = 200 as i8;
const F: int = 3.9 as int;
const G: u8 = 300.0 as u8;
const H: u8 = -3.7 as u8;
const I: i8 = -1000.5 as i8;
const J: char = 97 as char;
const K: float = 7 as f64;
int main() = default {
    let x = 300;
    let f = 300.0;
    let g = -3.7;
    let n = 0.0 / 0.0;
    println!("{} {} {} {} {}", A, x as u8, B, 200 as i8, F);
    println!("{} {} {} {} {} {}", G, f as u8, H, g as u8, I, -1000.5 as i8);
    println!("{} {} {} {}", n as u8, n as int, 1e300 as i32, -1e300 as u16);
    println!("{} {} {}", J, K, 1e300 as int);
    let v = vec![10, 20, 30, 40, 50];
    println!("{}", v[F]);
    0
}
