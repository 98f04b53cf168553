// exit: 1
// A missing `;`: at a line end parsing goes on; in the middle of a line the statement is skipped.
fn main() = default {
    let a = 1
    let b = 2 let c = 3;
    println!("{}", a);
}
