//! 1,000,000 round trips between two tasks over channels of capacity 1 (as bench/co_pingpong.cp).
use tokio::sync::mpsc;

fn main() {
    co_tokio::run(run());
}

async fn run() {
    let (ping, mut pings) = mpsc::channel::<i64>(1);
    let (pong, mut pongs) = mpsc::channel::<i64>(1);
    tokio::spawn(async move {
        while let Some(n) = pings.recv().await {
            pong.send(n + 1).await.unwrap();
        }
    });
    let mut n = 0;
    for _ in 0..1_000_000 {
        ping.send(n).await.unwrap();
        n = pongs.recv().await.unwrap();
    }
    println!("{n}");
}
