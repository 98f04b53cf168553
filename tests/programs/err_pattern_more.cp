// exit: 1
// Pattern errors: bindings in `|` alternatives, range bounds that are not integer literals.
enum Shape { Circle(int), Rect(int, int) }
fn main() = default {
    let s = Shape::Circle(1);
    match s {
        Shape::Circle(r) | Shape::Rect(r, _) => println!("{}", r),
    }
    let f = 1.5;
    match f {
        1.0..=2.0 => println!("small"),
        _ => println!("big"),
    }
}
