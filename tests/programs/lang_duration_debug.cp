// `{:?}` of a Duration prints it as Rust does: the largest unit that is at least one,
// with the fraction's trailing zeros dropped, or with a precision's digits. The program's own functions named like
// the prelude's helpers (`duration_debug`, `log_write`) do not change what the
// compiler calls for `{:?}` and `log::info!`.
fn duration_debug(x: int) -> int { x * 2 }
fn log_write(x: int) -> int { x + 1 }

int main() = default {
    println!("{:?}", Duration::from_millis(1500));
    println!("{:?}", Duration::from_secs(3));
    println!("{:?}", Duration::from_nanos(1000000001));
    println!("{:?}", Duration::from_micros(250));
    println!("{:?}", Duration::from_nanos(1500));
    println!("{:?}", Duration::from_nanos(999));
    println!("{:?}", Duration::from_nanos(0));
    // (a negative count is a zero duration: durations are never negative)
    println!("{:?}", Duration::from_millis(-20));
    println!("{:?}", Duration::from_nanos(i64::MAX));
    println!("{}", Duration::from_millis(2));
    // a precision rounds half up (or pads with zeros), in the same unit
    let d = Duration::from_micros(1500);
    println!("{:.2?} {:.0?} {:.1?} {:.9?}", d, d, d, d);
    println!("{:.2?} {:.3?} {:.1?}", Duration::from_nanos(999), Duration::from_nanos(1999999999), Duration::from_nanos(999950));
    println!("[{:>9.1?}] [{:<8?}]", Duration::from_millis(1500), Duration::from_secs(2));
    let d = Duration::from_millis(10);
    println!("{d:?} and {:?}", d + d);
    println!("{} {}", duration_debug(4), log_write(4));
    log::info!("logged {:?}", d);
    return 0;
}
