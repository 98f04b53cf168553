// exit: 1
// A bare name in a pattern that `use` brought in from another enum is that enum's
// variant: a type error on a value of this one (it compiled, and the match panicked
// with "no `match` arm matched"), and it covers nothing here. So is a `None` that names
// a user variant in a match on an `Option`.
enum E { A, B }
enum F { A, B }
enum G { None, X }
use F::*;
use G::*;
fn f(e: E) -> int {
    match e {
        A => 1,
        B => 2,
    }
}
fn g(o: Option<int>) -> int {
    match o {
        Some(n) => n,
        None => 0,
    }
}
fn main() = default {
    println!("{} {}", f(E::A), g(None));
}
