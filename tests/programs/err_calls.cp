// exit: 1
// Call errors: variant and tuple-struct arity, calling a signal, unknown associated
// functions, calling a non-function, closure arity and an unannotated closure parameter.
enum Shape { Circle(int), Rect(int, int) }
struct Pair(int, int);
signal OOPS { code: int }
struct P { x: int }
fn main() = default {
    let s = Shape::Rect(1);
    let p = Pair(1, 2, 3);
    let e = OOPS(1);
    let q = P::origin();
    let n = 5;
    n(1);
    let add = |a: int, b: int| a + b;
    add(1);
    let id = |x| x;
}
