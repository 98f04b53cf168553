// exit: 1
// A bare `None` pattern is `Option`'s: on an `int` it is a type error (it became a new
// variable that matched everything), and on a value whose type is not known yet it
// makes it an `Option` (the compiler emitted bytecode that did not verify once a later
// line made it an `int`).
fn main() = default {
    let r = match 3 { None => 10, n => 20 };
    let mut w = Vec::new();
    let s = match w.pop() { None => 0, Some(None) => 1, Some(x) => 2 };
    w.push(5);
    println!("{} {}", r, s);
}
