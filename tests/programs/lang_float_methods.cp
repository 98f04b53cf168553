// The float methods Rust's f64 has beyond the basic ones, each computing what Rust's
// does (the same platform functions: a statically linked Rust program prints exactly
// this; a dynamically linked one may differ in the last digit of a `cbrt`).
int main() = default {
    let xs = vec![0.5, -0.5, 2.0, -7.25, 0.0, 100.0];
    for x in xs {
        println!("{:?} {:?} {:?} {:?} {:?} {:?}", x.tan(), x.atan(), x.sinh(), x.cosh(), x.tanh(), x.asinh());
        println!("{:?} {:?} {:?} {:?} {:?} {:?}", x.cbrt(), x.exp2(), x.exp_m1(), x.trunc(), x.fract(), x.signum());
        println!("{:?} {:?} {:?} {:?}", x.recip(), x.to_degrees(), x.to_radians(), x.abs().log10());
        println!("{:?} {:?} {:?} {:?}", x.atan2(1.5), x.hypot(3.0), x.copysign(-1.0), x.clamp(-1.0, 1.0));
        println!("{:?} {:?} {:?}", x.rem_euclid(3.0), x.div_euclid(3.0), x.mul_add(2.0, 1.0));
        println!("{} {} {} {} {}", x.is_nan(), x.is_finite(), x.is_normal(), x.is_sign_negative(), x.is_sign_positive());
    }
    println!("{:?} {:?} {:?} {:?}", 0.5_f64.asin(), 0.5_f64.acos(), 2.0_f64.acosh(), 0.5_f64.atanh());
    println!("{:?} {:?} {:?}", 8.0_f64.log2(), 1000.0_f64.log10(), 81.0_f64.log(3.0));
    println!("{:?} {:?}", 1e-10_f64.ln_1p(), (-0.0_f64).signum());
    let nan = 0.0 / 0.0;
    let inf = 1.0 / 0.0;
    println!("{} {} {} {}", nan.is_nan(), inf.is_infinite(), inf.is_finite(), nan.clamp(0.0, 1.0).is_nan());
    println!("{}", 1e-310_f64.is_subnormal());
    return 0;
}
