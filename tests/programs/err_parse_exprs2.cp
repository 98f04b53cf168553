// exit: 1
// Expression syntax: `else` followed by neither `{` nor `if`, a method turbofish without a
// call, a closure with a return type but no block.
fn main() = default {
    let a = 1;
    if a > 0 { println!("pos"); } else println!("neg");
    let v = vec![1, 2];
    let n = v.len::<int>;
    let f = |x: int| -> int x + 1;
}
