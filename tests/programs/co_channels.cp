// Coroutines talking over channels: four producers, one consumer; each value is copied
// into the receiver's heap. Strings and structs travel too, and `recv` returns `None`
// once every sender is gone (the producers finished, the entry dropped its own).
struct Job { id: int, name: String }

task<> main() = coroutine(.thread_pool = 2) {
    let (tx, rx) = channel::<int>(4);
    for w in 0..4 {
        spawn async {
            for i in 0..50 {
                tx.send(w * 1000 + i).await;
            }
        };
    }
    drop(tx);
    let mut sum = 0;
    let mut count = 0;
    while let Some(v) = rx.recv().await {
        sum += v;
        count += 1;
    }
    println!("{} values, sum {}", count, sum);

    let (jobs, inbox) = channel::<Job>(2);
    let more = jobs.clone();
    spawn async {
        jobs.send(Job { id: 1, name: "first".to_string() }).await;
    };
    spawn async {
        more.send(Job { id: 2, name: "second".to_string() }).await;
    };
    let a = inbox.recv().await.unwrap();
    let b = inbox.recv().await.unwrap();
    println!("jobs {} {}", a.id + b.id, a.name.len() + b.name.len());

    let (stx, srx) = channel::<String>(1);
    spawn async {
        let mut s = String::new();
        for i in 0..3 {
            s = s + &i.to_string();
            stx.send(s.clone()).await;
        }
    };
    for _ in 0..3 {
        println!("got {}", srx.recv().await.unwrap());
    }
}
