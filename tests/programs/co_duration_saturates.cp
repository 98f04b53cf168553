// A duration too long for the clock saturates instead of wrapping into the past: a
// timer of ten billion seconds does not fire at once, so the short one wins, and an
// interval that long ticks once (its first tick is at once) and then never again.
task<> main() = coroutine {
    let d = Duration::from_secs(10000000000);
    println!("{}", d.as_secs() > 9000000000);
    let r = select {
        _ = timer::after(d) => "the long timer fired",
        _ = timer::after(Duration::from_millis(20)) => "the 20 ms timer came first",
    };
    println!("{}", r);
    println!("{}", Duration::from_millis(-5).as_millis());
    let mut ticker = timer::interval(d);
    ticker.tick().await;
    let r = select {
        _ = ticker.tick() => "the interval ticked again",
        _ = timer::after(Duration::from_millis(20)) => "the interval waits",
    };
    println!("{}", r);
}
