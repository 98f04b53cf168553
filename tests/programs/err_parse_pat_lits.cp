// exit: 1
// Pattern syntax: `-` before a non-number, a range ending in a non-literal, no pattern at all.
fn main() = default {
    let n = 1;
    match n {
        -x => println!("neg"),
        _ => println!("other"),
    }
    match n {
        1..=[2] => println!("low"),
        _ => println!("other"),
    }
    match n {
        + => println!("plus"),
    }
}
