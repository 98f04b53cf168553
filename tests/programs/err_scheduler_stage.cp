// cmd: check
// exit: 1
// The scheduler's stages take constant settings the runtime reads before the program
// starts: an unknown field, another scheduler type, or a value that is not a positive
// integer literal is a compile error.
task<> a() = coroutine(scheduler_stage{.type = round_robin, .threads = 2}) { }
task<> b() = coroutine(scheduler_stage{.threads = 2, .priority = 1}) { }
task<> c() = coroutine(thread_pool_stage{.workers = 0}) { }
// it is read before anything runs, so it cannot fail: no `catch` alternative, not `optional`
task<> d() = coroutine(scheduler_stage{.threads = 2} catch { scheduler_stage{.threads = 1} }) { }
task<> e() = coroutine(optional thread_pool_stage{.workers = 2}) { }
