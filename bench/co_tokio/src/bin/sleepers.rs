//! 1,000,000 tasks asleep for an hour (as bench/co_sleepers.cp): after 500 ms, the RSS to
//! stderr, the count to stdout, and exit.
fn main() {
    co_tokio::run(run());
}

async fn run() {
    let n = 1_000_000;
    for _ in 0..n {
        tokio::spawn(async {
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        });
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    for line in status.lines().filter(|l| l.starts_with("VmRSS:")) {
        eprintln!("{line}");
    }
    println!("{n}");
    std::process::exit(0);
}
