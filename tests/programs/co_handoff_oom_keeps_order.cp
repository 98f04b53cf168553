// A receiver waiting in `recv` is handed message "A" (big); "B" and "C" are sent and
// queued before it runs. It runs out of memory taking "A" and catches OOM; the
// message goes back first in line, before B and C.
task<> main() = coroutine {
    let (tx, rx) = channel::<String>(4);
    let r = spawn async {
        heap::set_limit(64_KB);
        catch(OOM) { rx.recv().await.unwrap().len() } recover { -1 }
    };
    timer::sleep(Duration::from_millis(5)).await;
    tx.send("A".repeat(200000)).await;
    tx.send("B".to_string()).await;
    tx.send("C".to_string()).await;
    println!("small receiver got {}", r.join().await);
    drop(tx);
    while let Some(m) = rx.recv().await {
        println!("{}", if m.len() > 100 { format!("A({})", m.len()) } else { m });
    }
}
