// Sockets outside the coroutine runtime: each operation blocks the thread until it can
// go on. One thread can still talk to itself: the kernel completes the connection and
// keeps what is written until it is read.
int main() = default {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let client = TcpStream::connect(listener.local_addr())?;
    let (server, _) = listener.accept()?;
    client.write_all("ping\n")?;
    println!("server read {:?}", server.read_line()?);
    server.write_all("pong\n")?;
    server.close();
    println!("client read {:?}", client.read_line()?);
    println!("then {:?}", client.read_line()?);
    println!("{:?}", listener);
    let closed = catch(IO_ERROR) { server.read()?; 0 } recover {
        match current_signal() { IO_ERROR(e) => e.error_code, _ => -1 }
    };
    println!("read after close: errno {}", closed);
    0
}
