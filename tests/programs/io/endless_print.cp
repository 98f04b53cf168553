// Driven by tests/blocking_io.rs: prints forever to a pipe whose reader leaves after the
// first line. The process ends as `SIGPIPE` would end it (status 141 in a shell), after
// the stderr line printed first; it does not go on computing output nobody reads.
int main() = default {
    eprintln!("started");
    let mut i = 0;
    loop {
        println!("line {}", i);
        i += 1;
    }
}
