// exit: 1
// A block whose `?` made its result an `Option` cannot also produce a `Result`.
task<> main() = coroutine {
    let v: Option<int> = Some(1);
    let a = async { let x = v?; Ok(x) };
    println!("{:?}", a.await);
}
