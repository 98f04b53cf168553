// Outside the coroutine runtime, one thread connects to its own listener 2,000 times,
// accepts each connection, greets it and forgets both ends. tests/servers.rs runs it
// with 20 file descriptors: the heap makes too few sockets between two collections for
// their pacing (`Heap::new_socket`: 32 at least) to free them in time, so `accept` and
// `connect` run out of descriptors (EMFILE), collect the heap, which closes the
// forgotten sockets, and try again.
int main(args: &[String]) = default {
    let listener = TcpListener::bind(args[0].clone())?;
    let addr = listener.local_addr();
    println!("listening on {}", addr);
    for i in 0..2000 {
        let client = TcpStream::connect(addr)?;
        let (server, _) = listener.accept()?;
        server.write_all("hello\n")?;
        assert_eq!(client.read_line()?, Some("hello".to_string()));
    }
    println!("2000 clients greeted");
    0
}
