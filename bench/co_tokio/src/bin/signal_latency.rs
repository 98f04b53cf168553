//! Signal latency (as bench/co_signal_latency.cp): kill(self, SIGUSR1) to the moment the
//! task waiting on Tokio's signal stream runs, 10,000 times idle, then 10,000 times beside
//! two busy tasks. Tokio does not preempt tasks, so its busy tasks yield every 10,000
//! iterations (with a `current_thread` runtime a task that never yields would starve the
//! handler for ever); the multi-threaded runtime with two workers is used for both phases.
use std::time::Instant;
use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::mpsc;

async fn measure(start: Instant, rx: &mut mpsc::Receiver<u128>, n: usize) -> Vec<u128> {
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let sent = start.elapsed().as_nanos();
        unsafe { libc::kill(libc::getpid(), libc::SIGUSR1) };
        let got = rx.recv().await.unwrap();
        samples.push(got.saturating_sub(sent));
    }
    samples.sort();
    samples
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let start = Instant::now();
    let (tx, mut rx) = mpsc::channel::<u128>(1);
    let mut usr1 = signal(SignalKind::user_defined1()).unwrap();
    tokio::spawn(async move {
        while usr1.recv().await.is_some() {
            tx.send(start.elapsed().as_nanos()).await.unwrap();
        }
    });
    let n = 10_000;
    let idle = measure(start, &mut rx, n).await;
    println!("idle signals {n} median_ns {} p99_ns {}", idle[n / 2], idle[n * 99 / 100]);
    for _ in 0..2 {
        tokio::spawn(async {
            let mut x: u64 = 0;
            loop {
                for _ in 0..10_000 {
                    x = std::hint::black_box((x * 31 + 7) % 1_000_003);
                }
                tokio::task::yield_now().await;
            }
        });
    }
    let busy = measure(start, &mut rx, n).await;
    println!("busy signals {n} median_ns {} p99_ns {}", busy[n / 2], busy[n * 99 / 100]);
    std::process::exit(0);
}
