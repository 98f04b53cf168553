// exit: 1
// Impl errors: a missing trait method, a duplicate method, unknown traits, impl on a builtin type.
trait Shape {
    fn area(&self) -> int;
    fn name(&self) -> String;
}
struct Square { side: int }
impl Shape for Square {
    fn area(&self) -> int { self.side * self.side }
}
impl Square {
    fn area(&self) -> int { 0 }
}
impl Drawable for Square {}
impl int {
    fn double(&self) -> int { 0 }
}
fn show(s: &dyn Printable) {}
fn main() = default {
    println!("{}", Square { side: 2 }.area());
}
