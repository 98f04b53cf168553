// exit: 1
// Struct literal errors: unknown names and fields, duplicates, too many positional fields,
// a field with no default, `Self { .. }` on an enum.
struct P { x: int, y: int }
struct Line { from: P, to: P }
enum Mode { On, Off }
impl Mode {
    fn make() -> Mode { Self { } }
}
fn main() = default {
    let a = Q { x: 1 };
    let b = P { x: 1, x: 2 };
    let c = P { 1, 2, 3 };
    let d = P { x: 1, z: 3 };
    let e = Line { from: P { x: 0, y: 0 } };
}
