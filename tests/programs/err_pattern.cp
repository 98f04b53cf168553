// exit: 1
// Pattern errors: refutable `let`, wrong literal or tuple types, field counts, unknown names.
enum Shape { Circle(int), Rect(int, int) }
struct P { x: int, y: int }
fn main() = default {
    let n = 5;
    let opt = Some(1);
    let Some(v) = opt;
    match n { 'a' => {}, _ => {} }
    match n { (a, b) => {} }
    match Shape::Circle(1) { Shape::Rect(w) => {}, _ => {} }
    match (P { x: 1, y: 2 }) { P { z, .. } => {} }
    match n { Shape::Square(s) => {}, _ => {} }
    match n { Some(x) => {}, _ => {} }
}
