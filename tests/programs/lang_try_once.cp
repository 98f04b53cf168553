// `?` evaluates its operand once: a call under it runs once, and take()/replace() under it
// change their place once (the call ran again when `?` applied to its Option or Result:
// `g called` twice, `a.take()?` saw the None it had left). Output identical to rustc's.
fn g() -> Option<int> { println!("g called"); Some(1) }
fn r(n: int) -> Result<int, String> { println!("r called"); if n > 0 { Ok(n) } else { Err("no".to_string()) } }
fn f1() -> Option<int> { let x = g()?; Some(x) }
fn f2() -> Option<int> { Some(g()? + 1) }
fn f4() -> Option<int> { g()?; Some(0) }
fn e1(n: int) -> Result<int, String> { let x = r(n)?; Ok(x * 10) }
fn t(o: &mut Vec<Option<i32>>) -> Option<i32> { let x = o[0].take()?; Some(x * 2) }
fn h() -> Option<i32> {
    let mut a = Some(21);
    let x = a.take()?;
    Some(x + 1)
}
fn k() -> Option<i32> {
    let mut a = Some(21);
    let x = a.replace(5)?;
    println!("a={:?}", a);
    Some(x + 1)
}
int main() = default {
    println!("{:?}", f1());
    println!("{:?}", f2());
    println!("{:?}", f4());
    println!("{:?} {:?}", e1(4), e1(0));
    let c = || -> Option<int> { let x = g()?; Some(x) };
    println!("{:?}", c());
    let mut v = vec![Some(21)];
    println!("{:?}", t(&mut v));
    println!("{:?}", v);
    println!("{:?}", h());
    println!("{:?}", k());
    return 0;
}
