// if/else as expressions, while, loop with break value, for over ranges and vectors,
// labeled break/continue.
fn classify(n: int) -> String {
    if n < 0 { "negative".to_string() } else if n == 0 { "zero".to_string() } else { "positive".to_string() }
}

fn main() = default {
    println!("{} {} {}", classify(-5), classify(0), classify(9));
    let mut i = 0;
    let mut total = 0;
    while i < 10 {
        i += 1;
        if i % 2 == 0 { continue; }
        total += i;
    }
    println!("odd sum {}", total);
    let mut n = 1;
    let found = loop {
        n *= 3;
        if n > 100 { break n; }
    };
    println!("first power of 3 over 100: {}", found);
    let mut pairs = 0;
    'outer: for a in 0..10 {
        for b in 0..10 {
            if a + b > 12 { continue 'outer; }
            if a * b == 42 { break 'outer; }
            pairs += 1;
        }
    }
    println!("pairs {}", pairs);
    for k in 1..=3 { print!("{} ", k); }
    println!("");
    let v = vec![10, 20, 30];
    for (idx, x) in v.iter().enumerate() {
        println!("{}: {}", idx, x);
    }
    let label = { let base = 40; base + 2 };
    println!("block value {}", label);
}
