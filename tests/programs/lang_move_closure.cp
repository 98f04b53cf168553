// A move closure captures its variables' values (as Rust's copies them): its own
// assignments persist across its calls and stay its own; a plain closure shares.
int main() = default {
    let mut x = 1;
    let c = move || x + 1;
    x = 10;
    println!("{} {}", c(), x);
    let mut z = 0;
    let mut m = move || { z += 1; z };
    m();
    m();
    println!("{} {}", m(), z);
    let mut y = 5;
    let mut shared = || { y += 1; y };
    shared();
    println!("{} {}", shared(), y);
    let v = vec![1, 2];
    let f = move || v.len();
    println!("{}", f());
    0
}
