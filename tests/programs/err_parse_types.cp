// exit: 1
// Type syntax: `dyn`/`impl` with only a lifetime, a raw pointer without `mut`/`const`, no type.
fn show(s: &dyn 'static) {}
fn raw(p: *int) {}
fn none(x: ) {}
fn sized(x: impl 'static) {}
fn main() = default {
    println!("x");
}
