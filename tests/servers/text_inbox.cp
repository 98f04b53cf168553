// A server that says what text it received (tests/servers.rs sends it raw bytes).
// Each connection's first line picks what it does:
//   chunks: collects `read()` results to the end of the stream and answers them joined
//           (a character split between two packets must arrive whole);
//   lines:  answers each line's length; a line that is not UTF-8 answers the errno
//           `read_line` raised, and the connection goes on with the next line.
// It also prints each client's address from `accept` and from `peer_addr()` on stdout,
// which must be known even when the client has already reset the connection.
async fn serve(stream: TcpStream) except(IO_ERROR) {
    let mode = stream.read_line().await?.unwrap_or("".to_string());
    if mode == "chunks" {
        let mut all = "".to_string();
        loop {
            let chunk = stream.read().await?;
            if chunk.len() == 0 { break; }
            all = all + chunk;
        }
        stream.write_all(format!("{:?}\n", all)).await?;
    } else if mode == "lines" {
        loop {
            let line = catch(IO_ERROR) { stream.read_line().await? } recover {
                match current_signal() { IO_ERROR(e) => Some(format!("errno {}", e.error_code)), _ => None }
            };
            match line {
                Some(l) => {
                    let answer = if l.starts_with("errno ") { l } else { format!("{} bytes", l.len()) };
                    stream.write_all(answer + "\n").await?;
                }
                None => break,
            }
        }
    } else if mode == "hold" {
        // the client resets a second connection while this one holds up `accept`
        timer::sleep(Duration::from_millis(300)).await;
    }
}

task<> main(args: &[String]) = coroutine {
    let listener = TcpListener::bind(args[0].clone()).await?;
    println!("listening on {}", listener.local_addr());
    loop {
        let (stream, peer) = listener.accept().await?;
        println!("client {} / {}", peer.starts_with("127.0.0.1:"), stream.peer_addr() == peer);
        let failed = catch(IO_ERROR) { serve(stream).await?; 0 } recover {
            match current_signal() { IO_ERROR(e) => e.error_code, _ => -1 }
        };
        if failed != 0 { println!("connection failed: errno {}", failed); }
    }
}
