// A tuple built in branches, arms, a block or a loop's break, taken apart by `let`: each
// path's parts reach the names (take_back_tuple takes back only a tuple built last on
// the one path to the binding).
fn pick(c: bool) -> int {
    let (a, b) = if c { (1, 2) } else { (3, 4) };
    let (p, q) = match c { true => (10, 20), false => (30, 40) };
    let (x, y) = { let z = 5; (z, z + 1) };
    let mut i = 0;
    let (m, n) = loop { i += 1; if i > 2 { break (i, i * 2); } };
    let (s, t): (int, String) = (7, "seven");
    println!("{} {} {} {} {} {} {} {} {} {}", a, b, p, q, x, y, m, n, s, t);
    return a;
}

int main() = default {
    pick(true);
    pick(false);
    return 0;
}
