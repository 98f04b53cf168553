// A server that greets each client and never closes the connection itself: the loop
// goes back to `accept`, and the stream in `stream` is never read again. Once nothing
// can run, the scheduler's sweep finds that register dead and the stream garbage, and
// the socket closes (tests/servers.rs: the client reads the end of the stream).
task<> main(args: &[String]) = coroutine {
    let listener = TcpListener::bind(args[0].clone()).await?;
    println!("listening on {}", listener.local_addr());
    loop {
        let (stream, _) = listener.accept().await?;
        stream.write_all("hello\n").await?;
    }
}
