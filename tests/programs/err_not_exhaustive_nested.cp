// exit: 1
// Nested patterns that leave values out: `Some(E::C { y: false, .. })` and the tuple
// `(false, None)` are not covered.
enum E { A(int), B, C { x: int, y: bool } }
fn main() = default {
    let o: Option<E> = Some(E::B);
    match o {
        Some(E::A(n)) => println!("a {}", n),
        Some(E::B) => println!("b"),
        Some(E::C { x, y: true }) => println!("c {}", x),
        None => println!("none"),
    }
    let t = match (false, Some(3)) {
        (true, _) => 0,
        (false, Some(v)) => v,
    };
    println!("{}", t);
}
