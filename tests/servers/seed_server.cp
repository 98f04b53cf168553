// The seed's web server entry, as written there: the scheduler's own stages, `accept`
// giving `(stream, addr)`, and `spawn handle_connection(stream, addr)` of an `async fn`
// (the connection moves into the new coroutine). Each line is answered with who sent
// it; the server runs until SIGTERM.
async fn handle_connection(stream: TcpStream, addr: SocketAddr) except(IO_ERROR) {
    while let Some(line) = stream.read_line().await? {
        stream.write_all(format!("{} from {}\n", line, addr)).await?;
    }
}

task<> server(args: &[String]) = coroutine(
    scheduler_stage{.type = work_stealing, .threads = 2},
    async_io_stage{.epoll_size = 1024}
) {
    let listener = TcpListener::bind(args[0].clone()).await?;
    println!("listening on {}", listener.local_addr());
    loop {
        let (stream, addr) = listener.accept().await?;
        spawn handle_connection(stream, addr);
    }
}
