// Driven by tests/blocking_io.rs: a coroutine waiting for a line of stdin waits on the
// runtime's file threads, and the worker goes on running the others; lines that
// arrived together are then taken one after another without waiting again.
task<> main() = coroutine {
    let reader = spawn async {
        let mut lines: Vec<String> = Vec::new();
        while let Some(l) = read_line() { lines.push(l); }
        lines
    };
    println!("waiting");
    let mut ticks = 0;
    while ticks < 5 {
        timer::sleep(Duration::from_millis(10)).await;
        ticks = ticks + 1;
    }
    println!("ticked {} times while stdin was silent", ticks);
    println!("read {:?}", reader.join().await);
}
