// Counts the lines each client sends, read by a `select` with two `read_line` arms on
// the stream (`Some` and `None`) beside a timer arm; answers the count once the client
// has shut down its side. A line that arrives between the two arms of one round must
// be the first arm's in the next round, never read and dropped by the `None` arm.
task<> server(args: &[String]) = coroutine {
    let listener = TcpListener::bind(args[0].clone()).await?;
    println!("listening on {}", listener.local_addr());
    loop {
        let (s, peer) = listener.accept().await?;
        spawn async {
            catch(IO_ERROR) {
                let mut lines = 0;
                let mut open = true;
                while open {
                    select {
                        Some(l) = s.read_line()? => { lines += 1; },
                        None = s.read_line()? => { open = false; },
                        _ = timer::after(Duration::from_millis(1)) => {},
                    }
                }
                s.write_all(format!("{}\n", lines)).await?;
            } recover {}
        };
    }
}
