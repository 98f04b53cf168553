//! The process's allocator: the system's, with a reserve of address space taken at
//! start. When the system refuses an allocation (a `ulimit -v`, a cgroup's limit), the
//! reserve goes back to it and the allocation is tried again, so the run gets as far as
//! raising `OOM` in the program (`cprime_vm::memory`) instead of aborting in whatever
//! small allocation came first; a collection afterwards takes the reserve back if it
//! can. The reserve is never written, so it costs no resident memory.
use std::alloc::{GlobalAlloc, Layout, System};
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, Ordering};

use cprime_vm::memory;

/// What is given back when memory runs out: room for the unwinder, the report and the
/// program's handler.
const RESERVE: Layout = match Layout::from_size_align(16 << 20, 4096) {
    Ok(l) => l,
    Err(_) => panic!("reserve layout"),
};

/// Under an address-space limit (`ulimit -v`), makes every thread allocate from the one
/// main arena. glibc gives each new thread that allocates an arena of its own, made by
/// reserving 64 to 128 MiB of address space at once: beside the toolchain's 256 MiB
/// stack, such a reservation under a limit of a few hundred MiB made a helper thread's
/// start fail now and then (`cannot start the coroutine runtime's threads`, 2 runs in
/// 30 on a loaded machine), where the program should have run until its `OOM`.
/// Without a limit nothing changes. The binary calls it first thing.
pub fn one_arena_under_address_limit() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use nix::libc;
        let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: `lim` is a valid rlimit to write to; mallopt takes plain integers
        unsafe {
            if libc::getrlimit(libc::RLIMIT_AS, &mut lim) == 0 && lim.rlim_cur != libc::RLIM_INFINITY {
                libc::mallopt(libc::M_ARENA_MAX, 1);
            }
        }
    }
}

/// The system's allocator with a reserve (`#[global_allocator]` in the `cprime` binary).
pub struct ReserveAlloc {
    held: AtomicPtr<u8>,
}

impl ReserveAlloc {
    pub const fn new() -> Self {
        ReserveAlloc { held: AtomicPtr::new(null_mut()) }
    }

    /// Takes the reserve if it is not held; whether it is held now. The binary calls
    /// it at start and registers `refill` (which calls it) with the VM.
    pub fn take_reserve(&self) -> bool {
        if !self.held.load(Ordering::Acquire).is_null() {
            return true;
        }
        // SAFETY: `RESERVE` has a non-zero size
        let p = unsafe { System.alloc(RESERVE) };
        if p.is_null() {
            return false;
        }
        if self.held.compare_exchange(null_mut(), p, Ordering::AcqRel, Ordering::Acquire).is_err() {
            // another thread took one meanwhile
            // SAFETY: `p` came from `System.alloc(RESERVE)` just above
            unsafe { System.dealloc(p, RESERVE) };
        }
        true
    }

    /// Gives the reserve back to the system, if held, and says memory is short.
    fn give_back(&self) -> bool {
        let p = self.held.swap(null_mut(), Ordering::AcqRel);
        if p.is_null() {
            return false;
        }
        // SAFETY: a held reserve came from `System.alloc(RESERVE)`
        unsafe { System.dealloc(p, RESERVE) };
        memory::SHORT.store(true, Ordering::Relaxed);
        true
    }
}

impl Default for ReserveAlloc {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: every call is passed on to `System` with the caller's own layout and pointer;
// the reserve is a block of `System`'s, freed once.
unsafe impl GlobalAlloc for ReserveAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if p.is_null() && self.give_back() {
            return System.alloc(layout);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if p.is_null() && self.give_back() {
            return System.alloc_zeroed(layout);
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if p.is_null() && self.give_back() {
            return System.realloc(ptr, layout, new_size);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}
