// The standard numeric constants: integer bounds and f64 constants, in code and in
// const initializers.
const TWO_PI: f64 = 2.0 * std::f64::consts::PI;
fn main() = default {
    println!("{} {} {} {}", i64::MAX, i64::MIN, u8::MAX, i32::MIN);
    println!("{:.5} {:.5} {}", f64::consts::PI, TWO_PI, f64::EPSILON > 0.0);
}
