// cmd: check
// exit: 1
// A `select` arm must be an operation that can wait: a channel, a task, a timer or a
// socket; a socket arm raises IO_ERROR, so it needs `?`.
fn compute() -> int { 1 }

task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    let listener = TcpListener::bind("127.0.0.1:0")?;
    select {
        x = compute() => println!("{}", x),
        Some(m) = rx.recv() => println!("{}", m),
        c = listener.accept() => println!("conn"),
    }
}
