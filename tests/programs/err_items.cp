// exit: 1
// Item errors: a name defined twice, unresolved imports, unknown types, a non-signal in `except`.
struct Point { x: int }
fn Point() {}
use nowhere::Thing;
use nowhere::*;
fn area(p: Pointt) except(Point) -> int { 1 }
fn main() = default {
    println!("{}", area(Point { x: 1 }));
}
