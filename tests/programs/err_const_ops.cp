// exit: 1
// Constant arithmetic: division by zero, bitwise operators on floats, mixed operand types.
const ZERO = 10 / 0;
const BITS = 1.5 | 2.5;
const MIXED = 1 + "one";
fn main() = default {
    println!("{} {} {}", ZERO, BITS, MIXED);
}
