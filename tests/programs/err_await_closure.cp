// exit: 1
// A closure is no `async` block (an `async` block has a type of its own): `.await` and
// `spawn` refuse one held in a variable, with or without parameters, and a function
// value.
fn seven() -> int { 7 }

task<> main() = coroutine {
    let d: fn() -> int = seven;
    let c = || 6;
    let a = async { 5 };
    println!("{}", d.await);
    let h = spawn d;
    println!("{}", c.await);
    let h2 = spawn c;
    println!("{}", a.await);
}
