// `?` in an `async` block, a spawned block or a closure without a declared result
// type returns from that block or closure, whose result becomes the `Option` or
// `Result` it is used on.
fn half(n: int) -> Option<int> {
    if n % 2 == 0 { Some(n / 2) } else { None }
}

fn parse(s: String) -> Result<int, String> {
    if s == "one" { Ok(1) } else { Err(format!("not a number: {}", s)) }
}

task<> main() = coroutine {
    let v: Option<int> = None;
    let w: Option<int> = Some(20);
    let a = async { let x = v?; Some(x + 1) };
    println!("{:?}", a.await);
    let b = async { let x = w?; let y = half(x)?; Some(y + 1) };
    println!("{:?}", b.await);
    let c = async { let x = half(3)?; Some(x) };
    println!("{:?}", c.await);
    let r = async { let n = parse("one".to_string())?; let m = parse("two".to_string())?; Ok(n + m) };
    println!("{:?}", r.await);
    let h = spawn async { let n = parse("one".to_string())?; Ok(n * 10) };
    println!("{:?}", h.join().await);
    let f = |n: int| { let x = half(n)?; Some(x * 100) };
    println!("{:?} {:?}", f(4), f(5));
}
