// Inclusive ranges up to i64::MAX: a range pattern matches, a for loop runs its three
// values and stops (the step past the end used to wrap); ordinary ..= loops, chars,
// continue and an empty range as before.
int main() = default {
    let num = 300;
    match num { 256..=9223372036854775807 => println!("more"), _ => println!("other") }
    if let 1..=9223372036854775807 = num { println!("in") } else { println!("out") }
    let mut n = 0;
    for i in (i64::MAX - 2)..=i64::MAX { n += 1; if n > 10 { println!("runaway at {}", i); break; } }
    println!("{}", n);
    let mut s = 0;
    for i in 1..=10 { if i == 3 { continue; } s += i; }
    println!("{}", s);
    for c in 'a'..='e' { print!("{}", c); }
    println!();
    let mut k = 0;
    for _ in 5..=4 { k += 1; }
    println!("{}", k);
    0
}
