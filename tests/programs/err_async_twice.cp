// cmd: check
// exit: 1
// A function qualifier written twice (`async async fn`) is a syntax error.
async async fn f() -> int { 1 }
task<> main() = coroutine {
    println!("{}", f().await);
}
