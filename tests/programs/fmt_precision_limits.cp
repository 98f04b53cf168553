// exit: 101
// The largest precision, 65535, works for every notation (Rust's own `{:.65535e}` of a
// float fails an assertion: one more digit than that wraps its 16 bits); past it, a
// precision given at run time panics, a Duration's too.
fn main() = default {
    let s = format!("{:.65535e}", 1.5);
    println!("{} {} {}", s.len(), s.substring(0, 4), s.substring(s.len() - 3, s.len()));
    let p = 65535;
    println!("{}", format!("{:.p$E}", 0.0).len());
    println!("{}", format!("{:.p$?}", Duration::from_millis(1500)).len());
    let p = 70000;
    println!("{:.p$?}", Duration::from_secs(1));
}
