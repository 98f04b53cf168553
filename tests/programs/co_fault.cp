// exit: 70
// A signal unhandled inside a coroutine ends that coroutine only (its report goes to
// stderr); the others go on. Joining it raises the signal in the joiner, at the join:
// uncaught there, it ends the entry (co_join_failed.cp catches it).
fn divide(a: int, b: int) -> int {
    a / b
}

task<> main() = coroutine {
    let bad = spawn async { divide(1, 0) };
    let good = spawn async { divide(10, 2) };
    println!("good: {}", good.join().await);
    println!("joining the failed one");
    let v = bad.join().await;
    println!("never printed {}", v);
}
