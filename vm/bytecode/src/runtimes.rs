//! The built-in runtimes an entry point can name (`= default`, `= coroutine`, ...), with
//! their capability constants, defined once: the compiler checks programs against them
//! (coroutine syntax needs `HAS_COROUTINES`, parameters must be known) and the runtimes
//! crate implements them. A program may also name a runtime struct of its own that
//! implements the prelude's `Runtime` trait.

/// One built-in runtime: the `Runtime` interface's capability constants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuntimeInfo {
    pub name: &'static str,
    pub has_coroutines: bool,
    pub has_async: bool,
    pub has_signal_thread: bool,
    pub has_work_stealing: bool,
    pub has_numa_awareness: bool,
    /// Whether this toolchain can run it on a host today (`bare_metal` runs only in
    /// frozen RV32 images; the coroutine family comes with the coroutine runtime).
    pub runs_on_host: bool,
}

const fn plain(name: &'static str) -> RuntimeInfo {
    RuntimeInfo {
        name,
        has_coroutines: false,
        has_async: false,
        has_signal_thread: false,
        has_work_stealing: false,
        has_numa_awareness: false,
        runs_on_host: true,
    }
}

const fn coroutines(name: &'static str) -> RuntimeInfo {
    RuntimeInfo { has_coroutines: true, has_async: true, has_signal_thread: true, has_work_stealing: true, ..plain(name) }
}

/// Every built-in runtime.
pub const RUNTIMES: &[RuntimeInfo] = &[
    plain("default"),
    plain("debug_runtime"),
    plain("production_runtime"),
    plain("test_runtime"),
    coroutines("coroutine"),
    coroutines("CoroutineScheduler"),
    coroutines("http_server"),
    RuntimeInfo { runs_on_host: false, ..plain("bare_metal") },
    plain("real_time"),
    plain("game_engine"),
];

/// The built-in runtime called `name` (the last segment of a path like
/// `std::CoroutineScheduler`).
pub fn runtime(name: &str) -> Option<&'static RuntimeInfo> {
    RUNTIMES.iter().find(|r| r.name == name)
}

/// The coroutine runtime's own parameters (`coroutine(.thread_pool = 4)`) and the most
/// each may be: written as positive integer literals (the compiler checks them; the
/// decoder checks a `.cpb`'s again), read by the runtime before any code runs.
pub const SCHEDULER_PARAMS: &[(&str, u64)] = &[("max_coroutines", 1 << 40), ("thread_pool", 256), ("epoll_size", 1 << 20)];

/// The value of scheduler parameter `name` written as `text` (`"10_000"`): `None` when
/// `name` is not one, else the number or why it is refused.
pub fn scheduler_param(name: &str, text: &str) -> Option<Result<u64, alloc::string::String>> {
    let &(_, max) = SCHEDULER_PARAMS.iter().find(|(p, _)| *p == name)?;
    Some(match text.replace('_', "").parse::<u64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(alloc::format!("runtime parameter `.{name} = {text}` is not an integer from 1 to {max}")),
    })
}

/// Names of the capability constants, in the order of `RuntimeInfo`'s fields.
pub const CAPABILITIES: &[&str] = &["HAS_COROUTINES", "HAS_ASYNC", "HAS_SIGNAL_THREAD", "HAS_WORK_STEALING", "HAS_NUMA_AWARENESS"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_found() {
        for r in RUNTIMES {
            assert_eq!(runtime(r.name), Some(r));
        }
        assert!(runtime("default").is_some_and(|r| !r.has_coroutines));
        assert!(runtime("CoroutineScheduler").is_some_and(|r| r.has_coroutines));
        assert!(runtime("nope").is_none());
    }
}
