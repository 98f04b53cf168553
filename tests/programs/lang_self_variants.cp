// Inside an enum's `impl`, `Self::Variant` names its variants, as in Rust: unit,
// tuple and struct variants, built and matched, and `Self::CONST`.
enum Shape {
    Dot,
    Circle(f64),
    Rect { w: f64, h: f64 },
}

impl Shape {
    const UNIT: f64 = 1.0;

    fn grow(&self) -> Self {
        match self {
            Self::Dot => Self::Circle(Self::UNIT),
            Self::Circle(r) => Self::Rect { w: *r * 2.0, h: *r * 2.0 },
            Self::Rect { w, h } => Self::Rect { w: *w + 1.0, h: *h },
        }
    }

    fn area(&self) -> f64 {
        match self {
            Self::Dot => 0.0,
            Self::Circle(r) => 3.0 * r * r,
            Self::Rect { w, h } => w * h,
        }
    }
}

int main() = default {
    let mut s = Shape::Dot;
    for _ in 0..4 {
        println!("{}", s.area());
        s = s.grow();
    }
    0
}
