//! The `Runtime` interface on the host, and the built-in runtimes that run today.
//!
//! The seed's `Runtime` trait (init, setup_signals, capability constants,
//! allocate_stack/deallocate_stack, cleanup) exists twice, on purpose: here for the
//! runtimes the toolchain provides, and in the prelude (`trait Runtime`) for runtimes
//! programs write in CPrime. Their capability constants come from one table,
//! `cprime_bytecode::runtimes`, which the compiler also checks programs against.
//!
//! Order of a run: `init` (process set-up), `setup_signals`, the VM is built,
//! `allocate_stack` sets the main stack, the entry runs (its own user runtime and
//! stages, compiled into the module, run inside it), `cleanup`.
use cprime_bytecode::runtimes::{self, RuntimeInfo};
use cprime_vm::{Limits, Vm};

use crate::host::OsHost;

/// Bytes of main stack every built-in runtime gives an entry: the VM's default register
/// stack (8 bytes a slot). `default(.stack_size = N)` lowers it from inside the program.
pub const DEFAULT_STACK_BYTES: usize = 64 << 20;

/// A runtime as the host runs it.
pub trait Runtime {
    /// Name and capability constants (`HAS_COROUTINES`, ...).
    fn info(&self) -> &'static RuntimeInfo;

    /// Process set-up before the VM exists. Every host runtime ignores `SIGPIPE`, so a
    /// closed pipe is an I/O error instead of the death of the process.
    fn init(&mut self, host: &mut OsHost) {
        let _ = host;
        crate::init_process();
    }

    /// OS signal dispositions. The single-threaded runtimes keep every OS default
    /// until the program installs a handler with `signal(..)`.
    fn setup_signals(&mut self) {}

    /// Gives the entry its main stack: `size` bytes of VM registers and frames.
    fn allocate_stack(&mut self, vm: &mut Vm, size: usize) {
        vm.set_limits(Limits { max_registers: (size / 8).max(1024), ..vm.limits() });
    }

    /// Releases the main stack (the VM frees it with itself; nothing to do on the host).
    fn deallocate_stack(&mut self, vm: &mut Vm) {
        let _ = vm;
    }

    /// After the entry finished, before the process exits (stdout is flushed after).
    fn cleanup(&mut self, vm: &Vm, host: &mut OsHost) {
        let _ = (vm, host);
    }
}

/// `default`: single-threaded, no helper threads, only `SIGPIPE` ignored.
pub struct DefaultRuntime;

impl Runtime for DefaultRuntime {
    fn info(&self) -> &'static RuntimeInfo {
        info("default")
    }
}

/// `debug_runtime`: `default`, plus heap statistics on stderr when the entry ends.
pub struct DebugRuntime;

impl Runtime for DebugRuntime {
    fn info(&self) -> &'static RuntimeInfo {
        info("debug_runtime")
    }
    fn cleanup(&mut self, vm: &Vm, host: &mut OsHost) {
        let s = vm.heap_stats();
        host.eprint(&format!(
            "debug_runtime: {} allocations, {} objects live ({} bytes), peak {} bytes, {} collections",
            s.allocations, s.live_objects, s.live_bytes, s.peak_bytes, s.collections
        ));
    }
}

/// `production_runtime`: `default`, with stdout always block-buffered (even on a
/// terminal), for throughput.
pub struct ProductionRuntime;

impl Runtime for ProductionRuntime {
    fn info(&self) -> &'static RuntimeInfo {
        info("production_runtime")
    }
    fn init(&mut self, host: &mut OsHost) {
        crate::init_process();
        host.stdout.set_line_buffered(false);
    }
}

/// `test_runtime`: what `cprime test` runs each `#[test]` under (a fresh VM per test,
/// output captured); an entry that selects it runs like `default`.
pub struct TestRuntime;

impl Runtime for TestRuntime {
    fn info(&self) -> &'static RuntimeInfo {
        info("test_runtime")
    }
}

fn info(name: &str) -> &'static RuntimeInfo {
    runtimes::runtime(name).unwrap_or(&runtimes::RUNTIMES[0])
}

/// The host runtime for an entry's runtime name. Names without a host implementation
/// yet (the coroutine family, the domain runtimes) and programs' own runtime structs run
/// under `default` (a user runtime's init/setup_signals/cleanup run inside the module).
pub fn for_name(runtime: &str) -> Box<dyn Runtime> {
    match runtime.rsplit("::").next().unwrap_or(runtime) {
        "debug_runtime" => Box::new(DebugRuntime),
        "production_runtime" => Box::new(ProductionRuntime),
        "test_runtime" => Box::new(TestRuntime),
        _ => Box::new(DefaultRuntime),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_pick_their_runtime_and_capabilities() {
        assert_eq!(for_name("debug_runtime").info().name, "debug_runtime");
        assert_eq!(for_name("std::CoroutineScheduler").info().name, "default");
        assert_eq!(for_name("GameEngineRuntime").info().name, "default");
        assert!(!for_name("default").info().has_coroutines);
    }
}
