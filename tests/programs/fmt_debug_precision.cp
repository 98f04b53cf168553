// A precision reaches inside `{:?}` of a composite value, as Rust's Debug passes it
// down: floats and Durations get that many digits; a bool's text is cut (`tru`), as
// Rust's is; strings and chars are not. The expected output is rustc's.


struct P { x: f64, n: int, ok: bool, d: Duration }
int main() = default {
    println!("{:.1} {:.2?} {:.3?}", true, false, Some(false));
    println!("{:.1?} {:.1?} {:.3?}", Some(1.25), vec![0.33333, 2.0], P { x: 0.5, n: 3, ok: true, d: Duration::from_millis(1500) });
    println!("{:.2?}", (1.0, 2.0));
    let p = 2;
    println!("{:.p$?} {:.*?}", vec![Some(1.0 / 3.0)], 1, (0.25, "s", 'c'));
    println!("{:.0?}", Some(vec![2.5, -0.5]));
    0
}
