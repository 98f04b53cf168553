// `==` is structural, as Rust's derived PartialEq: an option's or enum's payload, a
// struct's fields, a vector's items, a tuple's parts; floats as f64; contains too.
enum E { A(int), B }
struct P { x: int, y: float, name: String }
fn get(n: int) -> Option<int> { if n > 0 { Some(n) } else { None } }
int main() = default {
    println!("{}", get(1) == get(2));
    println!("{}", get(2) == get(2));
    println!("{}", get(0) == get(-1));
    println!("{}", get(0) != get(1));
    println!("{}", E::A(3) == E::A(4));
    println!("{}", E::A(3) == E::A(3));
    println!("{}", E::B == E::B);
    println!("{}", Some("x".to_string()) == Some("y".to_string()));
    println!("{}", Some(f64::NAN) == Some(f64::NAN));
    println!("{}", Some(0.0) == Some(-0.0));
    let a = P { x: 1, y: 2.5, name: "a".to_string() };
    let b = P { x: 1, y: 2.5, name: "a".to_string() };
    let c = P { x: 1, y: 2.5, name: "c".to_string() };
    println!("{} {}", a == b, a == c);
    println!("{} {}", vec![1, 2] == vec![1, 2], vec![vec![1]] == vec![vec![2]]);
    println!("{}", (1, "x".to_string()) == (1, "x".to_string()));
    let v = vec![b];
    println!("{} {}", v.contains(&a), v.contains(&c));
    println!("{}", vec![vec![1]].contains(&vec![1]));
    0
}
