//! spawn+join of 1,000,000 tasks in batches of 1,000 (as bench/co_spawn.cp).
fn main() {
    co_tokio::run(run());
}

async fn run() {
    let mut sum = 0i64;
    for b in 0..1000i64 {
        let mut hs = Vec::with_capacity(1000);
        for i in 0..1000i64 {
            let n = b * 1000 + i;
            hs.push(tokio::spawn(async move { n % 7 }));
        }
        for h in hs {
            sum += h.await.unwrap();
        }
    }
    println!("{sum}");
}
