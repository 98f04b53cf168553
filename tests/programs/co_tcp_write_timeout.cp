// A stream's write timeout: a `write_all` to a client that reads nothing gives up with
// IO_ERROR ETIMEDOUT (errno 110) once it waited that long without writing a byte; the
// coroutines around it go on (a ticker keeps ticking meanwhile).
task<> main() = coroutine {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr();
    let (done, finished) = channel::<int>(1);
    // a client that connects and never reads, holding the connection open until told
    spawn async {
        let c = TcpStream::connect(addr).await?;
        finished.recv().await;
        c.close();
    };
    let (ticks, tocks) = channel::<int>(100);
    spawn async {
        for i in 0..3 {
            timer::sleep(Duration::from_millis(50)).await;
            ticks.send(i).await;
        }
    };
    let (conn, _) = listener.accept().await?;
    conn.set_write_timeout(Duration::from_millis(300))?;
    let big = "x".repeat(1 << 20);
    let start = Instant::now();
    let said = catch(IO_ERROR) {
        for _ in 0..1000 {
            conn.write_all(big.clone()).await?;
        }
        "wrote it all".to_string()
    } recover {
        match current_signal() { IO_ERROR(e) => format!("errno {}: {}", e.error_code, e.message), _ => "?".to_string() }
    };
    println!("{}", said);
    println!("waited at least the timeout: {}", start.elapsed() >= Duration::from_millis(300));
    let mut n = 0;
    while let Some(t) = tocks.recv().await {
        n += 1;
    }
    println!("ticks meanwhile: {}", n);
    // a zero timeout is none; a closed stream cannot have one
    conn.set_write_timeout(Duration::from_secs(0))?;
    conn.close();
    let closed = catch(IO_ERROR) { conn.set_write_timeout(Duration::from_secs(1))?; 0 } recover {
        match current_signal() { IO_ERROR(e) => e.error_code, _ => -1 }
    };
    println!("on a closed stream: errno {}", closed);
    done.send(1).await;
}
