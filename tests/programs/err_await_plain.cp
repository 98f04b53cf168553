// cmd: check
// exit: 1
// `.await` on a plain value written as such (a variable, a literal, a macro's value) is
// an error: it would wait for nothing. A call is not checked (an `async fn`'s result is
// a plain value too), and join handles, `async` blocks and operations that wait are fine.
task<> main() = coroutine {
    let n = 5;
    let s = "abc".to_string();
    println!("{}", n.await);
    println!("{}", s.await);
    println!("{:?}", vec![1].await);
    let h = spawn async { 1 };
    let block = async { 2 };
    let (tx, rx) = channel::<int>(1);
    tx.send(3).await;
    println!("{} {} {:?}", h.await, block.await, rx.recv().await);
}
