// exit: 1
// Member syntax: constants only in traits and impls, no associated types, no fields in
// traits, a field missing its `:`, a trait name that is not a path, a stray value in an impl.
struct Config {
    const LIMIT: int = 3;
    size: int,
}
trait Named {
    type Output;
    label: String,
    fn name(&self) -> String;
}
struct Point {
    x int,
    y: int,
}
impl &Point for Config {}
impl Config {
    42
}
fn main() = default {
    println!("x");
}
