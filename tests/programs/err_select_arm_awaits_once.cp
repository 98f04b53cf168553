// cmd: check
// exit: 1
// A `select` arm's operation waits once: `rx.recv()` or `rx.recv().await` (and `?` after
// a socket's), never `.await.await`, as outside a `select` (where a second `.await` is
// on a value that does not wait).
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    let h = spawn async { 1 };
    let listener = TcpListener::bind("127.0.0.1:0")?;
    select {
        Some(v) = rx.recv().await.await => println!("{}", v),
        x = h.join().await.await => println!("{}", x),
        _ = timer::after(Duration::from_millis(1)).await.await => println!("timer"),
        s = listener.accept()?.await => println!("conn"),
    }
    // one `.await`, or none, and `?` last: accepted
    select {
        Some(v) = rx.recv().await => println!("{}", v),
        x = h.join() => println!("{}", x),
        s = listener.accept().await? => println!("conn"),
    }
    drop(tx);
}
