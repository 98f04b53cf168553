// A tuple of 28 columns of `true | false`: covered, and checked at once (each
// alternative brought the same rest of the match again: it took 70 s).
fn f(t: (bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool)) -> int { match t { (true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false, true | false) => 1 } }
fn main() = default { println!("ok"); }
