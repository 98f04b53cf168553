// A coroutine the graceful shutdown cancels (it had nothing to catch the signal, not
// even a `defer`) ends with the shutdown signal, and joining it raises that signal in
// the joiner, which can catch it; the joiner's `defer` runs as usual.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    let h = spawn async { rx.recv().await; 5 };
    timer::sleep(Duration::from_millis(10)).await;
    process::kill(process::id(), SIGTERM);
    let r = catch(SIGTERM) { timer::sleep(Duration::from_secs(5)).await; 0 } recover {
        println!("the entry caught the shutdown");
        -1
    };
    defer { println!("the entry's defer"); }
    let j = catch(SIGTERM) { h.join().await } recover {
        println!("the join raised SIGTERM");
        -2
    };
    println!("after the join: {} {}", r, j);
    tx.send(1).await;
}
