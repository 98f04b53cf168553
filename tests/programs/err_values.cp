// exit: 1
// Value errors: `let` without initializer on a pattern, a range outside `for`, `self`
// outside methods, field-carrying signals and variants used bare, `raise` of a non-signal,
// formatting a value of unknown type.
signal BAD { code: int }
enum Shape { Circle(int), Dot }
fn main() = default {
    let (a, b);
    let r = 0..5;
    let me = self;
    let s = Shape::Circle;
    raise(BAD);
    let v = Vec::new();
    println!("{}", v[0]);
}
fn fail() {
    raise(42);
}
