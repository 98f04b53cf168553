// Signal delivery latency on the default runtime: kill(self, SIGUSR1) to the start of
// the CPrime handler, 10,000 times; prints the median and the 99th percentile in ns.
static mut SENT_AT: int = 0;

fn main() = default {
    let mut samples: Vec<int> = Vec::new();
    let mut handled = 0;
    signal(SIGUSR1, |_| {
        samples.push(Instant::now().as_nanos() - unsafe { SENT_AT });
        handled += 1;
    });
    let n = 10_000;
    for i in 0..n {
        unsafe { SENT_AT = Instant::now().as_nanos(); }
        process::kill(process::id(), SIGUSR1);
        while handled == i { }
    }
    samples.sort();
    println!("signals {} median_ns {} p99_ns {}", samples.len(), samples[n / 2], samples[n * 99 / 100]);
}
