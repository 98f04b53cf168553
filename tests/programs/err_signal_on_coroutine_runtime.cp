// exit: 1
// `signal(..)` in the body of an entry on the coroutine runtime is a compile error (its
// signal thread owns the OS signals: the handler could never run); it was a panic when
// the program ran.
task<> main() = coroutine {
    signal(SIGUSR1, |s| { println!("never"); });
    println!("after");
}
