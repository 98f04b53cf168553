// exit: 1
// `match` and `select` arms whose bodies are not blocks are separated by `,`.
fn main() = default {
    let n = 1;
    match n {
        1 => println!("one")
        _ => println!("many"),
    }
    select {
        a = first() => println!("a")
        b = second() => println!("b"),
    }
}
fn first() -> int { 1 }
fn second() -> int { 2 }
