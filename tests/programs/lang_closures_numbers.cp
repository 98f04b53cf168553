// An immutable int or float is captured by value: the closure holds the number itself,
// no cell. A mutable one is still shared through a cell, so assignments on either side
// show on the other. Values captured by a spawned block are copies in the new
// coroutine's heap (numbers as they are), and a closure made in a loop sees its own
// iteration's value.
task<> main() = coroutine {
    let n = 6;
    let half = 0.5;
    let scale = |x: int| x * n;
    let shrink = |x: float| x * half;
    println!("{} {}", scale(7), shrink(3.0));

    let mut counter = 0;
    let mut bump = || { counter += n; counter };
    bump();
    bump();
    println!("counter {}", counter);

    let adders: Vec<fn(int) -> int> = Vec::new();
    for i in 0..3 {
        let k = i * 10;
        adders.push(|x: int| x + k);
    }
    for f in adders {
        println!("adder {}", f(1));
    }

    let name = "worker";
    let handles: Vec<JoinHandle<int>> = Vec::new();
    for i in 0..4 {
        let base = i * 100;
        handles.push(spawn async { base + n + name.len() });
    }
    let mut sum = 0;
    for h in handles {
        sum += h.join().await;
    }
    println!("spawned sum {}", sum);

    // a closure inside a closure reads a number of the outermost function
    let outer = || {
        let inner = || n + 1;
        inner() * 2
    };
    println!("nested {}", outer());
}
