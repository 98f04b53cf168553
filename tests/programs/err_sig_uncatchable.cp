// cmd: check
// exit: 1
// SIGKILL and SIGSTOP cannot be handled: naming one for a handler (`signal(..)`,
// `scheduler.handle(..)`) is a compile error; an application signal is not an OS signal
// for `signal(..)`. A computed number is checked when the handler is installed
// (sig_os_uncatchable.cp).
signal APP_ERROR { code: int }
fn install() {
    signal(SIGKILL, |_| {});
    signal(APP_ERROR, |_| {});
}
task<> main() = coroutine {
    let s = CoroutineScheduler::new().handle(SIGSTOP, |s| async {});
}
