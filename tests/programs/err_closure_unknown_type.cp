// exit: 1
// Errors in a function with several closures: an unknown name, a channel of an unknown
// type captured by a spawned block. Each is reported, and the compiler
// does not crash: it once looked the outer function's type variables up in the
// closure's own table, and this program indexed past its end.
task<> main() = coroutine {
    for w in 0..4 {
        spawn async {
            for i in 0..50 {
            }
        };
    }
    while let Some(v) = rx.recv().await {
    }
    spawn async {
    };
    spawn async {
    };
    let (stx, srx) = channel::<Wtring>(1);
    spawn async {
        let mut s = String::new();
            stx.send(s.clone()).await;
    };
}
