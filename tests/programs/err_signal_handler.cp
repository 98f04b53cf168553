// exit: 1
// signal(..) takes an OS signal and a handler `fn(int)`.
signal APP_ERROR;
fn main() = default {
    signal(SIGUSR1, |name: String| { println!("{}", name); });
    signal(APP_ERROR, |_| {});
    signal(SIGUSR2);
}
