// cmd: check
// exit: 1
// `set_write_timeout` takes a `Duration`, may raise IO_ERROR (so it needs `?`), and is a
// stream's: a listener has none.
task<> main() = coroutine {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let stream = TcpStream::connect(listener.local_addr()).await?;
    stream.set_write_timeout(5)?;
    stream.set_write_timeout(Duration::from_secs(1));
    stream.set_write_timeout()?;
    listener.set_write_timeout(Duration::from_secs(1))?;
}
