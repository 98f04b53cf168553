// The default runtime: a handled OS signal runs its handler while the program waits in
// `accept` or `read_line`; each goes on afterwards and loses nothing (tests/signals.rs).
int main() = default {
    signal(SIGUSR1, |s| { println!("handler ran"); });
    let listener = TcpListener::bind("127.0.0.1:0")?;
    println!("ready");
    println!("{}", listener.local_addr());
    let (c, p) = listener.accept()?;
    println!("accepted");
    let line = c.read_line()?;
    println!("read {:?}", line);
    return 0;
}
