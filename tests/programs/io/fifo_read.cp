// Driven by tests/blocking_io.rs: a file read that blocks (a FIFO with no writer yet)
// waits on the runtime's file threads, and the worker goes on running the others.
task<> main(args: &[String]) = coroutine {
    let path = args[0].clone();
    let reader = spawn async { fs::read_to_string(path)? };
    println!("waiting");
    let mut ticks = 0;
    while ticks < 5 {
        timer::sleep(Duration::from_millis(10)).await;
        ticks = ticks + 1;
    }
    println!("ticked {} times while the read waited", ticks);
    println!("read {:?}", reader.join().await);
}
