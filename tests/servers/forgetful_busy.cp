// The forgetful greeter (forgetful_greeter.cp) kept busy by its own 2,000 clients, each
// connecting as soon as the last was greeted: nothing is ever idle long enough for the
// scheduler's sweep, and the heaps allocate too little to be collected for their bytes,
// so only their sockets make them collect (`Heap::new_socket`). tests/servers.rs runs it
// with 128 file descriptors.
task<> main(args: &[String]) = coroutine {
    let listener = TcpListener::bind(args[0].clone()).await?;
    let addr = listener.local_addr();
    println!("listening on {}", addr);
    spawn async {
        for i in 0..2000 {
            let c = TcpStream::connect(addr).await?;
            let greeting = c.read_line().await?;
            assert_eq!(greeting, Some("hello".to_string()));
        }
        println!("2000 clients greeted");
        exit(0);
    };
    loop {
        let (stream, _) = listener.accept().await?;
        stream.write_all("hello\n").await?;
    }
}
