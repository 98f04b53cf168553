// A `select` with a `read_line` arm before a `read` arm on the same stream: the start
// of a line the `read_line` arm left in the socket's buffer is the `read` arm's at once
// (it is readable, and no new data may come to wake the `select`), whether it was there
// before the `select` or arrived while it waited. The timer arm wins only if that text
// is missed.
task<> main() = coroutine {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let c = TcpStream::connect(listener.local_addr()).await?;
    let (s, _) = listener.accept().await?;
    c.write_all("no newline yet").await?;
    timer::sleep(Duration::from_millis(20)).await;
    let r = select {
        Some(l) = s.read_line()? => format!("line {:?}", l),
        t = s.read()? => format!("read {:?}", t),
        _ = timer::after(Duration::from_millis(3000)) => String::from("missed"),
    };
    println!("{}", r);

    let (done_tx, done) = channel::<int>(1);
    spawn async {
        timer::sleep(Duration::from_millis(30)).await;
        c.write_all("half a line").await?;
        done.recv().await;
        c.write_all(" and the rest\n").await?;
    };
    let r = select {
        Some(l) = s.read_line()? => format!("line {:?}", l),
        t = s.read()? => format!("read {:?}", t),
        _ = timer::after(Duration::from_millis(3000)) => String::from("missed"),
    };
    println!("{}", r);
    done_tx.send(1).await;
    println!("{:?}", s.read_line().await?);
}
