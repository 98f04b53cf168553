// cmd: dis
// The coroutine scheduler's own stages configure it before the entry's coroutine
// exists: they become the entry's runtime parameters (see the `entries:` line).
task<> main() = coroutine(scheduler_stage{.type = work_stealing, .threads = 2}, async_io_stage{.epoll_size = 256}) {
    let h = spawn async { 6 * 7 };
    println!("{}", h.join().await);
}
