// match on literals, ranges, tuples, Option, enums with payloads, guards and `|`.
enum Shape {
    Circle(f64),
    Rect { w: f64, h: f64 },
    Empty,
}

fn area(s: Shape) -> f64 {
    match s {
        Shape::Circle(r) => 3.0 * r * r,
        Shape::Rect { w, h } => w * h,
        Shape::Empty => 0.0,
    }
}

fn describe(n: int) -> String {
    match n {
        0 => "zero".to_string(),
        1 | 2 | 3 => "small".to_string(),
        4..=9 => "medium".to_string(),
        x if x < 0 => "negative".to_string(),
        _ => "large".to_string(),
    }
}

fn main() = default {
    for n in [0, 2, 7, -4, 100] {
        println!("{} is {}", n, describe(n));
    }
    println!("{} {} {}", area(Shape::Circle(2.0)), area(Shape::Rect { w: 2.0, h: 3.5 }), area(Shape::Empty));
    let p = (3, "three");
    match p {
        (3, name) => println!("three is {}", name),
        _ => println!("other"),
    }
    let maybe: Option<int> = None;
    match maybe {
        Some(v) => println!("some {}", v),
        None => println!("none"),
    }
    if let Some(x) = Some(5) {
        println!("if let {}", x);
    }
    let mut stack = vec![1, 2, 3];
    while let Some(top) = stack.pop() {
        print!("{} ", top);
    }
    println!("");
    let c = 'q';
    let kind = match c { 'a'..='m' => "first half", 'n'..='z' => "second half", _ => "other" };
    println!("{}", kind);
}
