// Driven by tests/blocking_io.rs: endless_print.cp under the coroutine runtime, where the
// output thread writes stdout: two coroutines print forever, the reader leaves after
// the first line, and the process ends as `SIGPIPE` would end it.
task<> main() = coroutine {
    eprintln!("started");
    let other = spawn async {
        loop {
            println!("other");
        }
    };
    let mut i = 0;
    loop {
        println!("line {}", i);
        i += 1;
    }
}
