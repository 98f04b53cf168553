// A duration too long for the clock saturates instead of wrapping into the past: a
// timer of ten billion seconds does not fire at once, so the short one wins, and an
// interval that long ticks once (its first tick is at once) and then never again. Sums
// and differences of durations saturate too (`+`, `-`, `+=`, `-=`).
task<> main() = coroutine {
    let d = Duration::from_secs(10000000000);
    println!("{}", d.as_secs() > 9000000000);
    let r = select {
        _ = timer::after(d) => "the long timer fired",
        _ = timer::after(Duration::from_millis(20)) => "the 20 ms timer came first",
    };
    println!("{}", r);
    let forever = Duration::from_millis(i64::MAX) + Duration::from_millis(10);
    println!("{}", forever.as_nanos() == i64::MAX);
    let mut back = Duration::from_secs(1);
    back -= Duration::from_nanos(i64::MAX);
    back -= Duration::from_nanos(i64::MAX);
    println!("{}", back.as_nanos() == i64::MIN);
    println!("{}", (Duration::from_secs(2) - Duration::from_millis(500)).as_millis());
    let r = select {
        _ = timer::after(forever) => "the summed long timer fired",
        _ = timer::after(Duration::from_millis(20)) => "the 20 ms timer came first again",
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
