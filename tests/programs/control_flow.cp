// if/else as values, while, loop with break, for over ranges, match.
fn classify(n: int) -> String {
    match n {
        0 => "zero".to_string(),
        1 | 2 | 3 => "small".to_string(),
        _ => "large".to_string(),
    }
}

fn main() = default {
    let mut i = 0;
    let mut total = 0;
    while i < 10 {
        total += i;
        i += 1;
    }
    println!("while: {}", total);
    let mut n = 1;
    loop {
        n *= 2;
        if n > 100 {
            break;
        }
    }
    println!("loop: {}", n);
    let mut odd = 0;
    for k in 0..10 {
        if k % 2 == 0 {
            continue;
        }
        odd += k;
    }
    println!("for: {}", odd);
    let sign = if total > 40 { "big" } else { "small" };
    println!("if: {}", sign);
    println!("{} {} {}", classify(0), classify(2), classify(40));
}
