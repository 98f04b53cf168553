// A duration too long for the clock saturates instead of wrapping into the past: a
// timer of ten billion seconds does not fire at once, so the short one wins, and an
// interval that long ticks once (its first tick is at once) and then never again. Sums
// and differences of durations saturate too (`+`, `-`, `+=`, `-=`), and a duration is
// never negative: a difference below zero, `saturating_sub`, `duration_since` a later
// time point and `from_millis(-5)` are zero.
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
    println!("{}", back.as_nanos() == 0);
    println!("{:?} {:?}", Duration::from_millis(1) - Duration::from_millis(5), Duration::from_millis(1).saturating_sub(Duration::from_millis(5)));
    let t = Instant::now();
    println!("{:?} {}", t.duration_since(t + Duration::from_secs(1)), (t + Duration::from_secs(1)).elapsed() == Duration::from_secs(0));
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
