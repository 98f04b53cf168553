// cmd: check
// exit: 1
// The coroutine scheduler's parameters are read before any code runs: each must be a
// positive integer literal within the runtime's bound. A heap or stack limit written as
// zero or a negative literal (which would mean no limit) is an error too.
task<> a() = coroutine(.thread_pool = 0) { }
task<> b() = coroutine(.thread_pool = 1000) { }
task<> c() = coroutine(.max_coroutines = -1) { }
task<> d() = coroutine(.epoll_size = 2 * 512) { }
task<> e() = coroutine(.thread_pool = 4, .max_coroutines = 10_000) { }
fn f() = default(.heap_size = 0, .stack_size = -64) { }
