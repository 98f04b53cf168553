// The shutdown comes before a spawned coroutine first ran (or just after): it ends,
// and the entry's `defer` drains the channel until `None`. The entry's own sender is garbage (nothing
// reads it again): the idle sweep collects it during the shutdown too, so the channel
// closes and the process exits 0 (it used to wait out the grace period: exit 143).
task<> main() = coroutine {
    let (ltx, lrx) = channel::<int>(4);
    spawn async { ltx.send(1).await; };
    defer {
        let mut n = 0;
        while let Some(_) = lrx.recv().await { n += 1; }
        // (no count printed: the spawned coroutine may or may not have sent before
        // the shutdown reached it)
        println!("entry's defer saw the channel close");
    }
    process::kill(process::id(), SIGTERM);
    timer::sleep(Duration::from_secs(30)).await;
}
