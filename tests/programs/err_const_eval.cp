// exit: 1
// Constants are folded at compile time: cycles, non-constant operands and bad operators
// are errors at the constant's definition (once, however often it is used).
const A: int = B + 1;
const B: int = A + 1;
const NEG = -"text";
const NOT = !"text";
const FN_REF = main;
const CALL = compute();
const BLOCK = { 1; };
fn compute() -> int { 1 }
fn main() = default {
    println!("{}", A);
    println!("{} {}", NEG, NOT);
    println!("{} {} {}", FN_REF, CALL, BLOCK);
}
