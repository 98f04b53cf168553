// exit: 1
// Malformed format strings: bad argument names, precision without digits, unknown specs,
// a lone `}`.
fn main() = default {
    let x = 1;
    println!("{x-1}");
    println!("{:.}", 1.5);
    println!("{:x}", x);
    println!("closing } alone");
}
