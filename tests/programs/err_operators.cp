// exit: 1
// Operator errors: negating or `!` on a string, arithmetic on bools, bitwise operators on
// floats, impossible casts.
fn main() = default {
    let s = "text".to_string();
    let a = -s;
    let b = !s;
    let c = true + false;
    let d = 1.5 & 2.5;
    let e = s as int;
}
