// cmd: check
// exit: 1
// A `select` arm must be an operation that can wait: a channel, a task, a timer or a
// socket; a socket arm raises IO_ERROR, so it needs `?`. The program's own functions
// and methods are not such operations, even named as one (`sleep`, `timer::after`, a
// struct with `tick`, `remaining` and `advance` methods as the prelude's `Interval`).
fn compute() -> int { 1 }
async fn sleep(ms: int) -> int { ms }
mod timer {
    fn after(d: Duration) -> int { 1 }
}
struct Clock { n: int }
impl Clock {
    fn tick(&mut self) -> int { self.n = self.n + 1; self.n }
    fn remaining(&self) -> String { "soon".to_string() }
    fn advance(&mut self, extra: int) -> Vec<int> { vec![extra] }
}

task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    let listener = TcpListener::bind("127.0.0.1:0")?;
    select {
        x = compute() => println!("{}", x),
        Some(m) = rx.recv() => println!("{}", m),
        c = listener.accept() => println!("conn"),
    }
    let mut clock = Clock { n: 0 };
    select {
        n = clock.tick() => println!("{}", n),
        n = sleep(5) => println!("{}", n),
        n = timer::after(Duration::from_millis(1)) => println!("{}", n),
    }
    // an unknown receiver is reported once; the body of an arm that cannot wait is
    // still checked; a pattern of the wrong shape still binds its names
    select {
        Some(v) = rxx.recv() => println!("{}", v),
        x = compute() => undefined_function(x),
        (a, b) = rx.recv() => println!("{}", a),
    }
    // a library operation that is no arm (a write cannot be cancelled halfway)
    let stream = TcpStream::connect(listener.local_addr())?;
    select {
        _ = stream.write_all("x")? => println!("written"),
        Some(m) = rx.recv() => println!("{}", m),
    }
}
