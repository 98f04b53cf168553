// cmd: check
// exit: 1
// `thread::spawn(..)` / `tokio::spawn(..)` from other languages: `spawn` is a keyword,
// and the error says how CPrime starts a coroutine.
task<> main() = coroutine {
    let h = thread::spawn(|| 1);
}
