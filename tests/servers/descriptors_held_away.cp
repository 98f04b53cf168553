// Two workers (tests/servers.rs runs it under `ulimit -n 20`): the accept loop hands
// each connection to a greeter that computes after each greeting, so its slices run on
// the other worker; the greeter's heap holds the forgotten connections. When `accept`
// runs out of descriptors, the sweep it asks for waits for every coroutine away on a
// worker to be back (and hands no more slices over meanwhile), so the greeter's heap is
// swept too (it used to be passed by, and the accept raised EMFILE).
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
    let (stx, srx) = channel::<TcpStream>(1);
    spawn async {
        while let Some(stream) = srx.recv().await {
            stream.write_all("hello\n").await?;
            let mut x = 0;
            for i in 0..5000 { x = (x + i) % 7; }
        }
    };
    spawn async {
        loop {
            let (stream, _) = listener.accept().await?;
            stx.send(stream).await;
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
