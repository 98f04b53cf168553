// `let (a, b) = ..` of a tuple built right there binds its parts without building the
// tuple: each variable is still its own copy, evaluated left to right before any binding.
fn side(log: &mut Vec<String>, s: String) -> String {
    log.push(s.clone());
    s
}

int main() = default {
    let mut x = 1;
    let (a, b) = (x, 2);
    x = 5;
    println!("{} {} {}", a, b, x);
    // a swap: both parts are read before either name is bound
    let (a, b) = (b, a);
    println!("{} {}", a, b);
    // nested, with a wildcard and a mutable part
    let ((p, _), mut q) = ((3, "skip"), 4.5);
    q += 1.0;
    println!("{} {}", p, q);
    let mut log: Vec<String> = Vec::new();
    let (s, t) = (side(&mut log, "first"), side(&mut log, "second"));
    println!("{} {} {:?}", s, t, log);
    // a tuple kept whole still works, and its copy is its own
    let pair = (7, "seven");
    let (n, name) = pair;
    println!("{} {} {}", n, name, pair.0);
    return 0;
}
