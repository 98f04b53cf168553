// cmd: test
// exit: 1
// A `#[test]` entry point runs as it would as a program: on its runtime (a coroutine
// entry that only asks its scheduler runs on the scheduler), through its stages and
// runtime parameters, with the stages cleaned up when a signal escapes; an `int` entry
// that returns a status other than 0 fails. (What a test
// prints shows only when it fails, so the staged ones fail on purpose.)
struct log_stage {
    static void init() { println!("stage init"); }
    static void cleanup() { println!("stage cleanup"); }
}

#[test]
task<> asks_its_scheduler() = coroutine(.max_coroutines = 10) {
    assert_eq!(CoroutineScheduler::new().alive(), 1);
    assert_eq!(CoroutineScheduler::new().max_coroutines(), 10);
}

#[test]
task<> staged_coroutine() = coroutine(log_stage{}) {
    println!("body");
    raise(OOM);
}

#[test]
int staged_heap_limit() = default(log_stage{}, heap_stage{.size = 1_MB}) {
    println!("body");
    let v: Vec<int> = Vec::new();
    for i in 0..1000000 { v.push(i); }
    0
}

#[test]
int returns_status() = default {
    println!("status 2");
    2
}

#[test]
int returns_zero() = default {
    0
}
