// exit: 1
// Lexer errors in integer literals: too large, bad digits, missing digits, float suffix.
fn main() = default {
    let a = 99999999999999999999;
    let b = 0xFFFFFFFFFFFFFFFFFF;
    let c = 0b102;
    let d = 0x;
    let e = 0b101f32;
    let f = 5xyz;
}
