// A TCP echo server on the coroutine runtime: one coroutine per connection, each
// sending every line it reads straight back.
//
//   cprime run examples/echo_server.cp -- 127.0.0.1:7000
//   printf 'hello\n' | nc 127.0.0.1 7000
//
// The address defaults to 127.0.0.1:7000; port 0 picks a free one (the first line on
// stdout says which). SIGINT/SIGTERM shut it down gracefully (exit status 0). An address
// it cannot listen on (a port in use) is an `error:` line on stderr and exit status 1.

/// Echoes `stream`'s lines until the client closes it; the connection closes when
/// this coroutine ends.
async fn echo(stream: TcpStream) except(IO_ERROR) {
    while let Some(line) = stream.read_line().await? {
        stream.write_all(line + "\n").await?;
    }
}

task<> server(args: &[String]) = coroutine(.thread_pool = 2) {
    let addr = if args.len() > 0 { args[0].clone() } else { "127.0.0.1:7000".to_string() };
    // a busy port or a bad address is the user's to fix: said plainly, exit 1
    let listener = catch(IO_ERROR) { TcpListener::bind(addr.clone()).await? } recover {
        eprintln!("error: cannot listen on {}: {}", addr, current_signal().message());
        exit(1);
    };
    println!("listening on {}", listener.local_addr());
    loop {
        catch(IO_ERROR) {
            let (stream, peer) = listener.accept().await?;
            // `spawn` moves the connection into the new coroutine
            spawn async {
                catch(IO_ERROR) {
                    echo(stream).await?;
                } recover {
                    eprintln!("{}: {}", peer, current_signal().message());
                }
            };
        } recover {
            // out of file descriptors (EMFILE: many clients connected at once) or a
            // connection that failed before it was accepted: the server goes on, and
            // gives the connections a moment to close theirs before accepting again
            eprintln!("accept: {}", current_signal().message());
            timer::sleep(Duration::from_millis(50)).await;
        }
    }
}
