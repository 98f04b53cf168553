//! 1,000,000 parked tasks, each waiting on its own channel, then woken (as bench/co_parked.cp).
use tokio::sync::mpsc;

fn main() {
    co_tokio::run(run());
}

async fn run() {
    let n = 1_000_000;
    let (done, mut finished) = mpsc::channel::<i64>(1024);
    let mut wakers = Vec::with_capacity(n);
    for _ in 0..n {
        let (tx, mut rx) = mpsc::channel::<i64>(1);
        let d = done.clone();
        tokio::spawn(async move {
            let v = rx.recv().await.unwrap();
            d.send(v).await.unwrap();
        });
        wakers.push(tx);
    }
    for w in wakers {
        w.send(1).await.unwrap();
    }
    let mut count = 0;
    for _ in 0..n {
        count += finished.recv().await.unwrap();
    }
    println!("{count}");
}
