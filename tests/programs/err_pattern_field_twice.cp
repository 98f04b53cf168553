// exit: 1
// A struct pattern that names a field twice is an error (it compiled, could never
// match, and the match panicked at run time).
struct P { x: bool, y: int }
fn f(p: P) -> int {
    match p {
        P { x: true, x: false } => 1,
        P { x: false, .. } => 2,
    }
}
fn main() = default {
    println!("{}", f(P { x: true, y: 1 }));
}
