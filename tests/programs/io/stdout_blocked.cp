// Driven by tests/blocking_io.rs: stdout is a pipe nobody reads yet. A coroutine prints
// 8 MB: the output thread blocks on the pipe and, a MiB behind, the printer waits; the
// other coroutine goes on ticking and reports through a file (stderr waits in the same
// queue as stdout, to keep their order). Then every line arrives, in order.
task<> main(args: &[String]) = coroutine {
    let path = args[0].clone();
    let printer = spawn async {
        let line = "x".repeat(99);
        for i in 0..80000 {
            println!("{} {}", i, line);
        }
        80000
    };
    let mut ticks = 0;
    while ticks < 5 {
        timer::sleep(Duration::from_millis(10)).await;
        ticks = ticks + 1;
    }
    fs::write(path, format!("ticked {} times", ticks))?;
    let printed = printer.join().await;
    eprintln!("printed {} lines", printed);
}
