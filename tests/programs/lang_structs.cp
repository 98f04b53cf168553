// Structs are reference types: assignment shares, clone copies. Methods and associated
// functions, designated initializers, tuple structs, Debug output.
struct Point {
    x: int,
    y: int,
}

impl Point {
    fn new(x: int, y: int) -> Point {
        Point { x, y }
    }
    fn dist2(&self) -> int {
        self.x * self.x + self.y * self.y
    }
    fn shift(&mut self, d: int) {
        self.x += d;
        self.y += d;
    }
}

struct Pair(int, String);

struct Node {
    value: int,
    next: Option<Node>,
}

fn main() = default {
    let p = Point::new(3, 4);
    println!("{}", p.dist2());
    let q = p;
    q.shift(1);
    println!("shared: p = ({}, {})", p.x, p.y);
    let r = p.clone();
    r.shift(10);
    println!("cloned: p.x = {}, r.x = {}", p.x, r.x);
    let d = Point{.x = 7, .y = 8};
    println!("{:?}", d);
    let pair = Pair(1, "one".to_string());
    println!("{} {}", pair.0, pair.1);
    let list = Node { value: 1, next: Some(Node { value: 2, next: None }) };
    let mut cur = Some(list);
    let mut sum = 0;
    while let Some(n) = cur {
        sum += n.value;
        cur = n.next;
    }
    println!("list sum {}", sum);
}
