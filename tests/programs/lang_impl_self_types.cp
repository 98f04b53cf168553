// A trait method declared with `Self` is implemented with the impl's own type name, and
// called directly and through `dyn`; integer types mix between a declaration and its
// implementation as they do elsewhere.
trait Shape {
    fn area(&self) -> int;
    fn same(&self, other: Self) -> bool;
    fn grown(&self, by: int) -> Self;
    fn scaled(&self, k: i32) -> int;
}

struct Sq { side: int }

impl Shape for Sq {
    fn area(&self) -> int { self.side * self.side }
    fn same(&self, other: Sq) -> bool { self.side == other.side }
    fn grown(&self, by: int) -> Self { Sq { side: self.side + by } }
    fn scaled(&self, k: int) -> usize { (self.side * k) as usize }
}

int main() = default {
    let s = Sq { side: 2 };
    let t = s.grown(1);
    println!("{} {} {}", t.area(), s.same(Sq { side: 2 }), s.same(t));
    let d: Box<dyn Shape> = Box::new(Sq { side: 5 });
    println!("{} {}", d.area(), d.scaled(3));
    return 0;
}
