// A closure shares its function's type inference: what its body does with a captured
// variable whose type is not settled yet settles it (here the element types of two
// vectors, one filled inside the closure, one outside).
fn main() = default {
    let v = Vec::new();
    let f = || { v.push(1); };
    f();
    println!("{:?}", v);
    let a = Vec::new();
    let b = Vec::new();
    let g = |x: int| {
        let s = "t".to_string();
        b.push(s);
        x
    };
    g(1);
    a.push(2);
    println!("{:?} {:?}", a, b);
}
