// Structs are reference types: assignment shares the object, .clone() copies it.
struct Point {
    x: int,
    y: int,
}

impl Point {
    fn sum(&self) -> int {
        self.x + self.y
    }
}

fn main() = default {
    let p = Point { x: 1, y: 2 };
    let mut q = p;
    q.x = 10;
    println!("{} {}", p.x, p.sum());
    let mut r = p.clone();
    r.y = 100;
    println!("{} {}", p.y, r.y);
}
