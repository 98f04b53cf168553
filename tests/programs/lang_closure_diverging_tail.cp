// A closure or `async` block whose last expression follows a statement that never
// completes (`raise`, `panic!`) still has that expression's type, as a Rust block does:
// `|| { panic!(..); 7 }` returns an int, and so does the spawned block below.
signal BOOM;

task<> main() = coroutine {
    let f = || { panic!("never called"); 7 };
    if false {
        println!("{}", f() + 1);
    }
    let h = spawn async { raise(BOOM); 7 };
    let v: int = catch(BOOM) { h.join().await } recover { -1 };
    println!("{}", v + 1);
}
