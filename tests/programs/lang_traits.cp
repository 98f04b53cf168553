// Traits: static dispatch on concrete types, dynamic dispatch through dyn Trait,
// default methods.
trait Shape {
    fn area(&self) -> f64;
    fn name(&self) -> String { "shape".to_string() }
}

struct Square { side: f64 }
struct Circle { r: f64 }

impl Shape for Square {
    fn area(&self) -> f64 { self.side * self.side }
    fn name(&self) -> String { "square".to_string() }
}

impl Shape for Circle {
    fn area(&self) -> f64 { 3.0 * self.r * self.r }
}

fn total(shapes: &Vec<Box<dyn Shape>>) -> f64 {
    let mut t = 0.0;
    for s in shapes {
        t += s.area();
    }
    t
}

fn main() = default {
    let sq = Square { side: 2.0 };
    println!("{} {}", sq.name(), sq.area());
    let shapes: Vec<Box<dyn Shape>> = vec![Box::new(Square { side: 3.0 }), Box::new(Circle { r: 1.0 })];
    for s in &shapes {
        println!("{}: {}", s.name(), s.area());
    }
    println!("total {}", total(&shapes));
}
