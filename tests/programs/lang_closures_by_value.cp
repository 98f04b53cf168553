// An immutable variable of a reference type (string, vector, record, channel end) is
// captured by value: the closure holds the reference itself, no cell. The object is the
// same one, so changes to its contents show on both sides; a mutable variable, or one
// of a number type, is still shared through a cell. Nested closures, a closure made in
// a loop (each sees its own iteration's value) and a spawned block (a copy in the new
// coroutine) capture the same way.
struct Point {
    x: int,
    y: int,
}

task<> main() = coroutine {
    let name = "cprime".to_string();
    let items = vec![1, 2];
    let p = Point { x: 3, y: 4 };
    let show = || format!("{} {:?} {}", name, items, p.x + p.y);
    items.push(3);
    println!("{}", show());

    let mut total = 0;
    let add = |n: int| { total += n; };
    add(5);
    add(6);
    println!("total {}", total);

    let greeting = "hello".to_string();
    let outer = || {
        let inner = || format!("{}, {}", greeting, name);
        inner()
    };
    println!("{}", outer());

    let fns: Vec<fn() -> String> = Vec::new();
    for word in vec!["a".to_string(), "b".to_string(), "c".to_string()] {
        let w = word;
        fns.push(|| w.clone());
    }
    let mut joined = "".to_string();
    for f in fns {
        joined = joined + &f();
    }
    println!("{}", joined);

    let (tx, rx) = channel::<String>(4);
    let label = "from the spawned block".to_string();
    spawn async {
        tx.send(label.clone()).await;
    };
    drop(tx);
    while let Some(s) = rx.recv().await {
        println!("{}", s);
    }
    println!("closed");
}
