// Two workers (tests/servers.rs runs it under `ulimit -n 20`): a ping-pong pair keeps
// the scheduler turning while the accept loop, busy between connections, runs on the
// other worker; its own heap holds the forgotten connections. Out of descriptors, its
// sweep waits for it to be back from that worker, so its heap is swept too (it used to
// be passed by, and the accept raised EMFILE in most runs).
// A forgetful server in a spawned coroutine that computes after each greeting (so its
// slices go to the other worker); a ping-pong pair keeps the scheduler's loop turning.
// The clients (the entry) close their own ends: only the server's heap holds garbage.
task<> main(args: &[String]) = coroutine(.thread_pool = 2) {
    let listener = TcpListener::bind(args[0].clone()).await?;
    let addr = listener.local_addr();
    println!("listening on {}", addr);
    let (atx, arx) = channel::<int>(1);
    let (btx, brx) = channel::<int>(1);
    spawn async {
        loop {
            match arx.recv().await {
                Some(v) => btx.send(v + 1).await,
                None => break,
            }
        }
    };
    spawn async {
        atx.send(0).await;
        loop {
            match brx.recv().await {
                Some(v) => atx.send(v + 1).await,
                None => break,
            }
        }
    };
    spawn async {
        loop {
            let (stream, _) = listener.accept().await?;
            stream.write_all("hello\n").await?;
            let mut x = 0;
            for i in 0..5000 { x = (x + i) % 7; }
        }
    };
    for i in 0..2000 {
        let c = TcpStream::connect(addr).await?;
        let greeting = c.read_line().await?;
        assert_eq!(greeting, Some("hello".to_string()));
        c.close();
    }
    println!("2000 clients greeted");
    exit(0);
}
