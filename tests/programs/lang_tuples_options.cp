// Tuples, tuple patterns in let, Option and Result helpers, `?` on Result.
fn divide(a: int, b: int) -> Result<int, String> {
    if b == 0 { return Err("division by zero".to_string()); }
    Ok(a / b)
}

fn twice(a: int, b: int) -> Result<int, String> {
    let q = divide(a, b)?;
    Ok(q * 2)
}

fn min_max(v: &Vec<int>) -> (int, int) {
    let mut lo = v[0];
    let mut hi = v[0];
    for x in v { if x < lo { lo = x; } if x > hi { hi = x; } }
    (lo, hi)
}

fn main() = default {
    let (lo, hi) = min_max(&vec![4, -2, 9, 3]);
    println!("{} {}", lo, hi);
    println!("{:?} {:?}", twice(10, 2), twice(1, 0));
    match twice(9, 3) {
        Ok(v) => println!("ok {}", v),
        Err(e) => println!("err {}", e),
    }
    println!("{}", divide(8, 4).unwrap());
    println!("{} {}", divide(1, 0).is_err(), divide(1, 1).is_ok());
    let o: Option<String> = Some("x".to_string());
    println!("{} {}", o.is_some(), o.unwrap_or("none".to_string()));
}
