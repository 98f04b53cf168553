// Floats: arithmetic, formatting with {}, {:?} and {:.N}, math methods, conversions.
fn main() = default {
    let x = 1.5;
    let y = 2.25;
    println!("{} {} {} {}", x + y, x - y, x * y, y / x);
    println!("{:.2} {:.0} {:.3}", 3.14159, 2.5, 1.0 / 3.0);
    println!("{} {:?} {}", 1.0, 1.0, 0.1 + 0.2);
    println!("{}", 4.84e+00);
    println!("{} {} {}", (2.0).sqrt() > 1.41, (-3.5).abs(), (2.7).floor());
    println!("{} {}", 7 as f64 / 2.0, 7.9 as int);
    println!("{}", (2.0).powi(10));
}
