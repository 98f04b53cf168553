// exit: 1
// Rest patterns `..` are only accepted in struct patterns.
fn main() = default {
    let t = (1, 2, 3);
    let (a, ..) = t;
    let o = Some(1);
    match o {
        Some(..) => println!("some"),
        None => println!("none"),
    }
}
