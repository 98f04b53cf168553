// Under `ulimit -n 20` (tests/servers.rs): it fills the descriptors with connections to
// itself that it keeps, then a `select` whose accept arm runs out of them (EMFILE: it
// asks for a sweep, which finds nothing) loses to a recv arm. The connections are then
// forgotten; the next `connect` running out of descriptors asks for a sweep of its own,
// which closes them, and goes on. (The losing arm's request, left behind, used to make
// that `connect` raise at once, without a sweep.)
task<> main(args: &[String]) = coroutine {
    let listener = TcpListener::bind(args[0].clone()).await?;
    let addr = listener.local_addr();
    println!("listening on {}", addr);
    let mut kept = Vec::new();
    let mut full = false;
    while !full {
        catch(IO_ERROR) {
            kept.push(TcpStream::connect(addr).await?);
            let (s, _) = listener.accept().await?;
            kept.push(s);
        } recover {
            full = true;
        }
    }
    println!("full");
    let (tx, rx) = channel::<int>(1);
    tx.send(1).await;
    select {
        (s, _) = listener.accept()? => { println!("accept arm won"); },
        Some(v) = rx.recv() => { println!("recv arm won"); },
    }
    // (the sweep the arm asked for runs while this waits, on a channel: a sleep of its
    // own would have replaced the request)
    let (t2, r2) = channel::<int>(1);
    spawn async {
        timer::sleep(Duration::from_millis(10)).await;
        t2.send(1).await;
    };
    r2.recv().await;
    kept.clear();
    catch(IO_ERROR) {
        let c = TcpStream::connect(addr).await?;
        let (s, _) = listener.accept().await?;
        println!("connected after the sweep");
    } recover {
        println!("connect raised: {}", current_signal().message());
    }
}
