// exit: 1
// A `CoroutineScheduler` is a handle on the running scheduler, with no text form:
// formatting it, or a value holding one, is a compile error at the argument.
struct Holder { s: CoroutineScheduler, n: int }

task<> main() = coroutine {
    let s = CoroutineScheduler::new();
    println!("{:?}", s);
    println!("{}", s);
    let h = Holder { s: CoroutineScheduler::new(), n: 1 };
    println!("{:?}", h);
    println!("{}", s.alive());
}
