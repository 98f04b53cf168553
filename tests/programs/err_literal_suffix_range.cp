// exit: 1
// A suffixed literal must fit its suffix's type wherever it is written: a constant's or
// a static's value, a pattern, a cast's operand. A literal in a pattern (or a range
// pattern's bound) must fit the matched value's type.
const C = 300u8;
const D = -129i8;
static S = 70000u16;
int main() = default {
    let x: u8 = 5;
    match x {
        300 => println!("big"),
        0..=256 => println!("small"),
        _ => println!("other"),
    }
    match 5u8 {
        300u8 => println!("a"),
        _ => println!("b"),
    }
    let bb = 256u8 as int;
    println!("{} {} {} {}", C, D, S, bb);
    return 0;
}
