// cmd: check
// exit: 1
// A runtime parameter given twice is an error, not "the last one wins".
task<> main() = coroutine(.thread_pool = 2, .thread_pool = 4) { }
fn other() = default(.heap_size = 1024, .stack_size = 64, .heap_size = 2048) { }
// through the scheduler's configuration stages too, which stand for the same parameters
task<> b() = coroutine(.thread_pool = 3, thread_pool_stage{.workers = 2}) { }
task<> c() = coroutine(thread_pool_stage{.workers = 2}, scheduler_stage{.type = work_stealing, .threads = 5}) { }
