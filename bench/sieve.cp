// sieve: sieve of Eratosthenes up to 10,000,000, repeated 3 times.
// Measures a large Vec<bool> allocation, strided stores and a linear scan; prints the prime count each time.
fn sieve(n: int) -> int {
    let flags = vec![true; n + 1];
    flags[0] = false;
    flags[1] = false;
    let mut i = 2;
    while i * i <= n {
        if flags[i] {
            let mut j = i * i;
            while j <= n {
                flags[j] = false;
                j += i;
            }
        }
        i += 1;
    }
    let mut count = 0;
    for k in 0..(n + 1) {
        if flags[k] { count += 1; }
    }
    count
}

fn main() = default {
    for _ in 0..3 {
        println!("{}", sieve(10000000));
    }
}
