// A closure whose body is an `async` block (`|n| async { .. }`) returns the block
// unrun, as Rust's does: calling it runs nothing, `.await` on what it returned runs the
// block, `spawn` of the call runs it in a new coroutine (with copies of what it
// captured). The block shares the closure's variables as an awaited block does.
task<> main() = coroutine {
    let c = || async { println!("block runs"); 11 };
    let b = c();
    println!("before await");
    println!("{}", b.await);
    let h = spawn c();
    println!("spawned: {}", h.join().await);
    let mut count = 0;
    let add = |n: int| async { count = count + n; count };
    println!("{}", add(2).await);
    println!("{}", add(3).await);
    let h = spawn add(4);
    println!("the coroutine's copy: {}", h.join().await);
    println!("count {}", count);
}
