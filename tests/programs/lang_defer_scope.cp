// A `defer` block sees the variables declared before it in its block, on every way out:
// the block's end, an early `return`, `break` and `continue`, and a signal unwinding
// through it. It sees neither variables declared after it nor those of inner blocks
// being left. A `defer` inside a `defer` runs when the outer one ends. What a block or
// a `return` produces is taken before the cleanups run: a `defer` that assigns the
// variable does not change the value already produced (as in Go and Zig).
signal Boom;

fn by_signal() except(Boom) {
    let x = 1;
    {
        let y = 2;
        defer { println!("signal path: x={} y={}", x, y); }
        raise Boom;
    }
}

fn inner_block_shadows() -> int {
    let x = 1;
    defer { println!("return path sees its own x={}", x); }
    {
        let x = 5;
        return x;
    }
}

fn declared_after() {
    let x = 1;
    defer { println!("block end sees x={} declared before it", x); }
    let x = 7;
    println!("body x={}", x);
}

fn nested() {
    defer {
        defer { println!("nested defer runs last"); }
        println!("outer defer body");
    }
    println!("nested body");
}

fn in_loop() {
    let words = vec!["zero", "one", "two"];
    for i in 0..3 {
        let w = words[i];
        defer { println!("iteration {} ({}) left", i, w); }
        if i == 1 {
            continue;
        }
        if i == 2 {
            break;
        }
        println!("loop body {}", i);
    }
}

fn returned() -> int {
    let mut x = 1;
    defer { x = 5; }
    return x;
}

fn tail() -> String {
    let mut s = "before".to_string();
    defer { s = "deferred".to_string(); }
    s
}

int main() = default {
    catch(Boom) { by_signal()?; } recover { println!("caught"); }
    println!("returned {}", inner_block_shadows());
    declared_after();
    nested();
    in_loop();
    println!("returned {} tail {}", returned(), tail());
    return 0;
}
