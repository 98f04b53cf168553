// cmd: check
// exit: 1
// Syntax errors end the compilation: the `let` the parser had to skip is not reported
// again as `h` "not found", nor is anything else checked until the syntax is right.
task<> main() = coroutine {
    let h = spawn async { 1 } J;
    println!("{}", h.join().await);
    let n: int = "not an int";
}
