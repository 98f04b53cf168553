//! OS signals for the `default` runtime's `signal(SIG, handler)`.
//!
//! The OS handler only sets flags (two atomic stores, async-signal-safe); the program's
//! handler runs later on the main thread, at the interpreter's next safepoint
//! (`Host::poll_signal`). Handlers are installed without `SA_RESTART`, so a blocking
//! call such as `nanosleep` returns early with `EINTR`: `sleep` gives the VM the time
//! left, the VM runs the handler and sleeps the rest. Signals the program does not
//! handle keep their OS disposition (`SIGPIPE` is ignored by `init_process`).
use std::sync::atomic::{AtomicBool, Ordering};

use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};

/// Highest signal number handled (Linux has 64).
const MAX_SIGNAL: usize = 64;

#[allow(clippy::declare_interior_mutable_const)]
const CLEAR: AtomicBool = AtomicBool::new(false);
/// One flag per signal number: delivered and not yet polled.
static PENDING: [AtomicBool; MAX_SIGNAL + 1] = [CLEAR; MAX_SIGNAL + 1];
/// Some flag in `PENDING` may be set.
static ANY: AtomicBool = AtomicBool::new(false);
/// A handler was installed at some point (`install`): waits then look for deliveries.
static INSTALLED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(signo: nix::libc::c_int) {
    if let Some(flag) = usize::try_from(signo).ok().and_then(|i| PENDING.get(i)) {
        flag.store(true, Ordering::Release);
        ANY.store(true, Ordering::Release);
    }
}

/// Routes `signo` to [`take`]. False for numbers the OS does not let a program catch
/// (`SIGKILL`, `SIGSTOP`) or does not know.
pub fn install(signo: i32) -> bool {
    let Ok(sig) = Signal::try_from(signo) else { return false };
    if matches!(sig, Signal::SIGKILL | Signal::SIGSTOP) || signo as usize > MAX_SIGNAL {
        return false;
    }
    let action = SigAction::new(SigHandler::Handler(on_signal), SaFlags::empty(), SigSet::empty());
    INSTALLED.store(true, Ordering::Release);
    // SAFETY: `on_signal` only performs atomic stores on statics, which is
    // async-signal-safe; the previous disposition is not needed.
    unsafe { sigaction(sig, &action) }.is_ok()
}

/// Whether the program ever installed a handler (else no delivery can be pending).
pub fn installed() -> bool {
    INSTALLED.load(Ordering::Acquire)
}

/// `SIG_IGN` (`ignore`) or `SIG_DFL` for `signo`; a pending delivery is forgotten.
pub fn set_disposition(signo: i32, ignore: bool) -> bool {
    let Ok(sig) = Signal::try_from(signo) else { return false };
    if matches!(sig, Signal::SIGKILL | Signal::SIGSTOP) {
        return false;
    }
    let handler = if ignore { SigHandler::SigIgn } else { SigHandler::SigDfl };
    let action = SigAction::new(handler, SaFlags::empty(), SigSet::empty());
    // SAFETY: SIG_IGN and SIG_DFL run no code of ours.
    let ok = unsafe { sigaction(sig, &action) }.is_ok();
    if let Some(flag) = PENDING.get(signo as usize) {
        flag.store(false, Ordering::Release);
    }
    ok
}

/// The lowest-numbered delivered signal not yet taken.
pub fn take() -> Option<i32> {
    if !ANY.swap(false, Ordering::AcqRel) {
        return None;
    }
    let mut found = None;
    for (i, flag) in PENDING.iter().enumerate() {
        if flag.load(Ordering::Acquire) {
            if found.is_none() {
                flag.store(false, Ordering::Release);
                found = Some(i as i32);
            } else {
                // more are waiting: the next poll takes them
                ANY.store(true, Ordering::Release);
                break;
            }
        }
    }
    found
}

/// Whether a handled signal is waiting to be taken.
pub fn pending() -> bool {
    ANY.load(Ordering::Acquire)
}

/// Sleeps `ns` nanoseconds, or until a handled signal arrives: returns the time left
/// (0 when the whole sleep happened).
pub fn sleep(ns: i64) -> i64 {
    if ns <= 0 {
        return 0;
    }
    let mut req = nix::libc::timespec { tv_sec: (ns / 1_000_000_000) as _, tv_nsec: (ns % 1_000_000_000) as _ };
    loop {
        let mut rem = nix::libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: both pointers are to live, initialised timespecs owned by this frame.
        let r = unsafe { nix::libc::nanosleep(&req, &mut rem) };
        if r == 0 {
            return 0;
        }
        if nix::errno::Errno::last() != nix::errno::Errno::EINTR {
            return 0;
        }
        // (`time_t` and `c_long` are i64 here, narrower on some targets)
        #[allow(clippy::unnecessary_cast)]
        let left = (rem.tv_sec as i64).saturating_mul(1_000_000_000).saturating_add(rem.tv_nsec as i64);
        if pending() {
            return left.max(1);
        }
        if left <= 0 {
            return 0;
        }
        req = rem;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The flags are process-wide: tests that deliver signals take turns.
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn a_delivered_signal_is_taken_once() {
        let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        assert!(install(Signal::SIGUSR2 as i32));
        nix::sys::signal::raise(Signal::SIGUSR2).unwrap();
        assert_eq!(take(), Some(Signal::SIGUSR2 as i32));
        assert_eq!(take(), None);
    }

    #[test]
    fn uncatchable_signals_are_refused() {
        assert!(!install(Signal::SIGKILL as i32));
        assert!(!install(Signal::SIGSTOP as i32));
        assert!(!install(0));
        assert!(!install(1000));
    }

    #[test]
    fn a_handled_signal_cuts_a_sleep_short_and_says_what_is_left() {
        let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        assert!(install(Signal::SIGWINCH as i32));
        let sleeper = nix::sys::pthread::pthread_self();
        let waker = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            nix::sys::pthread::pthread_kill(sleeper, Signal::SIGWINCH).unwrap();
        });
        let left = sleep(5_000_000_000);
        waker.join().unwrap();
        assert!(left > 3_000_000_000, "left {left} ns of 5 s");
        assert_eq!(take(), Some(Signal::SIGWINCH as i32));
    }

    #[test]
    fn sleep_without_signals_sleeps_it_all() {
        let t = std::time::Instant::now();
        assert_eq!(sleep(2_000_000), 0);
        assert!(t.elapsed() >= std::time::Duration::from_millis(2));
    }
}
