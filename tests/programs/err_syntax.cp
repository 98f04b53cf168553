// exit: 1
fn main() = default {
    let x = (1 + ;
    println!("{}", x)
}
