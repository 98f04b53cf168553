// A program across files: `mod geometry;` loads modules/geometry.cp; `use` imports names.
mod geometry;
use geometry::area;

fn main() = default {
    let r = geometry::Rect { w: 3, h: 4 };
    println!("{}", area(r));
    println!("{}", geometry::PI_ISH);
}
