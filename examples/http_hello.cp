// "Hello, world!" over HTTP/1.1 with keep-alive, on the coroutine runtime.
//
//   cprime run examples/http_hello.cp -- 127.0.0.1:8080
//   curl http://127.0.0.1:8080/ http://127.0.0.1:8080/slow
//
// One coroutine per connection serves its requests in turn (keep-alive: HTTP/1.1
// unless the client says `Connection: close`, HTTP/1.0 only if it asks for it). `/slow`
// answers after 300 ms. SIGTERM or SIGINT stops the server gracefully: no new
// connections are taken, the requests in flight are answered, idle keep-alive
// connections and those whose request has not fully arrived are closed, then it
// exits 0. A client that stops reading its answers is dropped after 5 s without
// progress (the write timeout), so it cannot hold the server up, stopping or not.
// An address it cannot listen on (a port in use) is an `error:` line and exit status 1.

/// The client's next line; `None` at the end of the stream, or once the server stops
/// (`stop` closes): a request still arriving then is dropped rather than waited for.
async fn next_line(stream: TcpStream, stop: Receiver<int>) except(IO_ERROR) -> Option<String> {
    select {
        line = stream.read_line()? => line,
        None = stop.recv() => None,
    }
}

/// Serves requests on one connection until the client closes it or asks to, or until
/// the server stops while the connection waits for (the rest of) a request.
async fn serve(stream: TcpStream, stop: Receiver<int>) except(IO_ERROR) {
    stream.set_write_timeout(Duration::from_secs(5))?;
    loop {
        let request = match next_line(stream, stop).await? {
            Some(l) => l,
            None => return,
        };
        if request == "" {
            continue; // a stray line ending between requests
        }
        let parts = request.split(" ");
        if parts.len() < 3 {
            stream.write_all("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await?;
            return;
        }
        let mut keep_alive = parts[2] == "HTTP/1.1";
        let mut length = 0;
        loop {
            let header = match next_line(stream, stop).await? {
                Some(h) => h.to_lowercase(),
                None => return,
            };
            if header == "" {
                break;
            }
            if header.starts_with("connection:") {
                keep_alive = header.contains("keep-alive");
            } else if header.starts_with("content-length:") {
                length = header.slice(15, header.len()).trim().parse_int().unwrap_or(0);
            }
        }
        // a request body is read (no further: a pipelined request may follow it) and
        // dropped; the server stopping ends a body that is slow to arrive
        while length > 0 {
            let chunk = select {
                chunk = stream.read(length)? => chunk,
                None = stop.recv() => return,
            };
            if chunk.len() == 0 {
                return;
            }
            length = length - chunk.len();
        }
        if parts[1] == "/slow" {
            timer::sleep(Duration::from_millis(300)).await;
        }
        let body = "Hello, world!\n";
        let connection = if keep_alive { "keep-alive" } else { "close" };
        stream.write_all(format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: {}\r\n\r\n{}",
            body.len(), connection, body
        )).await?;
        if !keep_alive {
            stream.shutdown();
            return;
        }
    }
}

task<> server(args: &[String]) = coroutine {
    let addr = if args.len() > 0 { args[0].clone() } else { "127.0.0.1:8080".to_string() };
    // a busy port or a bad address is the user's to fix: said plainly, exit 1
    let listener = catch(IO_ERROR) { TcpListener::bind(addr.clone()).await? } recover {
        eprintln!("error: cannot listen on {}: {}", addr, current_signal().message());
        exit(1);
    };
    // closed (its only sender dropped) when the server stops
    let (stopping, stop) = channel::<int>(1);
    // graceful shutdown: closing the listener ends the accept loop below; the
    // connections' coroutines finish what they are doing
    let scheduler = CoroutineScheduler::new()
        .handle(SIGTERM, |s| async { listener.close(); })
        .handle(SIGINT, |s| async { listener.close(); });
    println!("listening on http://{}", listener.local_addr());
    loop {
        let accepting = catch(IO_ERROR) {
            let (stream, peer) = listener.accept().await?;
            spawn async {
                catch(IO_ERROR) { serve(stream, stop).await?; } recover {}
            };
            true
        } recover {
            match current_signal() {
                // EBADF: the listener was closed, the server stops
                IO_ERROR(e) if e.error_code == 9 => false,
                // out of file descriptors (EMFILE: many clients connected at once) or a
                // connection that failed before it was accepted: the server goes on,
                // and gives the connections a moment to close theirs
                IO_ERROR(e) => {
                    eprintln!("accept: {}", e.message);
                    timer::sleep(Duration::from_millis(50)).await;
                    true
                }
                _ => false,
            }
        };
        if !accepting {
            break;
        }
    }
    drop(stopping);
    scheduler.run().await;
    println!("stopped");
}
