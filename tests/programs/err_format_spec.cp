// exit: 1
// Malformed format strings: bad argument names, precision without digits, unknown specs,
// a lone `}`; a notation the value's type has not (`{:x}` of a float or a string, `{:e}`
// of a string), and a width from an argument that is not an integer.
fn main() = default {
    let x = 1;
    println!("{x-1}");
    println!("{:.}", 1.5);
    println!("{:z}", x);
    println!("{:x} {:b}", 1.5, "s");
    println!("{:e}", "s");
    let w = "6";
    println!("{:w$}", x);
    println!("closing } alone");
}
