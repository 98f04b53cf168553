// cmd: check
// exit: 1
// `spawn` takes an `async` block or a call of an `async fn`; a call of a plain function
// is an error that says which of the two to write.
fn plain(n: int) -> int { n }
task<> main() = coroutine {
    let h = spawn plain(1);
    let k = spawn 5;
}
