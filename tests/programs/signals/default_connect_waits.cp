// The default runtime: a handled OS signal delivered while `connect` waits (the test's
// listener has a full queue and takes nothing yet) runs its handler, and the connect
// then goes on with the same socket: it completes once the listener takes it
// (tests/signals.rs).
int main(args: &[String]) = default {
    signal(SIGUSR1, |s| { println!("handler ran"); });
    println!("ready");
    let stream = TcpStream::connect(args[0])?;
    println!("connected to {}", stream.peer_addr());
    return 0;
}
