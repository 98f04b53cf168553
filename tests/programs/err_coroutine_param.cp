// cmd: check
// exit: 1
// The coroutine runtime's parameters are checked like the others: a misspelt one is a
// compile error listing the valid ones.
task<> main() = coroutine(.thread_pool = 2, .max_coroutine = 10) {
    println!("never");
}
