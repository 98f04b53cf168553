// exit: 1
// A signal's payload is printed when the signal goes unhandled; a `CoroutineScheduler`
// (a handle on the running scheduler) has no text form, so it cannot be one.
signal HOLD { s: CoroutineScheduler, n: int }

task<> main() = coroutine {
    raise(HOLD { s: CoroutineScheduler::new(), n: 4 });
}
