// exit: 1
// Item-level syntax: something that is not an item, type aliases, `pub` before nothing,
// `not(..)` with two predicates, `use *`.
type Meters = int;
#[cfg(not(feature = "a", feature = "b"))]
fn gated() {}
use *;
42;
pub 7;
fn main() = default {
    println!("x");
}
