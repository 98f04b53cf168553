//! 1,000,000 parked tasks, each waiting on its own channel, then woken (as bench/co_parked.cp;
//! PARKED_PAUSE_MS=P pauses once all are spawned, so that each has run to its wait, and
//! writes the RSS then to stderr).
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
    if let Some(p) = std::env::var("PARKED_PAUSE_MS").ok().and_then(|p| p.parse::<u64>().ok()) {
        tokio::time::sleep(std::time::Duration::from_millis(p)).await;
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        for line in status.lines().filter(|l| l.starts_with("VmRSS:")) {
            eprintln!("{line}");
        }
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
