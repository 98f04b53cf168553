// A 50M-iteration arithmetic loop: dispatch, compare-and-branch, integer division.
fn main() = default {
    let mut sum = 0;
    let mut i = 0;
    while i < 50_000_000 {
        sum += (i * i) % 7;
        i += 1;
    }
    println!("{}", sum);
}
