// exit: 1
struct P { x: int }
fn two(a: int, b: int) -> int { a + b }
fn main() = default {
    let p = P { x: 1 };
    println!("{}", p.y);
    let n = 5;
    n = 6;
    two(1);
    break;
    let v = vec![1, 2];
    v.frobnicate();
}
