// An if/else whose branches are statements produces () without copying it around;
// one that produces a value still does.
fn main() = default {
    let c = true;
    let x = if c { println!("a"); } else { println!("b"); };
    println!("{:?}", x);
    let y = if !c { 1 } else { 2 };
    println!("{}", y);
}
