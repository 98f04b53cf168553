// exit: 70
// A signal unhandled inside a coroutine ends that coroutine only (its report goes to
// stderr); the others go on. Joining it ends the joiner with the report.
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
