// A receiver waiting in `recv` runs out of memory taking a big message and catches
// OOM; the message stays for the next receiver (as it did in the queue), and the
// receiver's own next send sends its own message.
task<> main() = coroutine {
    let (tx, rx) = channel::<String>(1);
    let (dtx, drx) = channel::<String>(4);
    let r1 = rx;
    let d1 = dtx.clone();
    spawn async {
        heap::set_limit(64_KB);
        let got = catch(OOM) { r1.recv().await.unwrap().len() } recover { -1 };
        d1.send(format!("small receiver got {}", got)).await;
    };
    timer::sleep(Duration::from_millis(5)).await;
    let r2 = rx;
    let d2 = dtx.clone();
    spawn async {
        let got = select { m = r2.recv() => m, _ = timer::after(Duration::from_millis(200)) => None };
        d2.send(format!("big receiver got {}", match got { Some(s) => s.len(), None => -1 })).await;
    };
    drop(dtx);
    timer::sleep(Duration::from_millis(5)).await;
    tx.send("x".repeat(200000)).await;
    while let Some(m) = drx.recv().await {
        println!("{}", if m.len() > 100 { format!("a string of {} bytes", m.len()) } else { m });
    }
}
