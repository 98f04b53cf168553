//! When waiting coroutines are packed (`co/packed.rs` is how).
//!
//! Packing a coroutine costs a collection of its heap and a copy of its state each way
//! (about 100 ns for a small one), so only what waits for a while is packed, and only
//! while memory matters: once more than `CoOptions::pack_after` coroutines are alive,
//! every waiting coroutine but the `KEEP_UNPACKED` distinct ones that parked last (the
//! `Window`) is packed; a coroutine leaves the window when it runs again, so a pair
//! that keeps waking each other, or a pool of workers taking jobs in turn, never pays.
//! When the count first passes the threshold, everything already waiting outside the
//! window is packed at once; packing stops once the count is down to half the
//! threshold (not at every spawn and end around it). The window has an edge: a pool of
//! more than 1,024 workers taking jobs in turn packs a worker at about every job.
//!
//! The collection before packing is followed by a compaction (`gc::compact`): survivors
//! made late, high among free slots, move down, so the heap fits. A big heap (more than
//! `packed::MAX_SLOTS` slots after both) is not packed; it is collected before the
//! decision only when it allocated at least half its size since its last collection, or
//! that collection left few objects live (a sweep while it waited, which does not
//! compact, left it a long vector of free slots), so a coroutine holding a big table
//! costs nothing at its waits.
use alloc::collections::VecDeque;
use alloc::sync::Arc;

use super::super::packed::{Packed, MAX_SLOTS};
use super::super::{CoId, Core};
use crate::Limits;
use super::{sweep, Prog, Run, Swept, AWAY, NOTED, QUEUED, REWAKE, SPARE_FIBERS};

/// How many distinct coroutines that parked last stay unpacked.
const KEEP_UNPACKED: usize = 1024;
/// How many different limits packed coroutines may have (`Run::limits_index`); a
/// coroutine with yet other limits is not packed.
const MAX_LIMIT_SETS: usize = 64;

/// The coroutines that parked last, oldest first.
#[derive(Default)]
pub(super) struct Window {
    /// Parks noted: the coroutine and its `Run::runs` count then. An entry whose
    /// coroutine has run since is stale, dropped when it reaches the front (or when the
    /// stale ones pile up).
    parks: VecDeque<(CoId, u16)>,
    /// How many coroutines' current parks are in `parks` (`NOTED` marks them).
    current: usize,
    /// Whether more than `pack_after` coroutines were alive (and have not dropped to
    /// half as many since).
    packing: bool,
}

impl Run {
    /// Coroutine `id` starts a slice (or a new coroutine takes slot `id`): a park of
    /// it in the window is over.
    #[inline]
    pub(super) fn ran(&mut self, id: CoId) {
        let i = id as usize;
        if let Some(r) = self.runs.get_mut(i) {
            *r = r.wrapping_add(1);
        }
        if self.marks.get_mut(i).is_some_and(|m| m.take(NOTED)) {
            self.window.current -= 1;
        }
    }

    /// Coroutine `id` has just parked (module docs).
    #[inline]
    pub fn parked(&mut self, prog: Prog, core: &mut Core, id: CoId) {
        // far below the threshold (a ping-pong, a few connections) nothing is noted: on
        // the way up, `pack_all_but_window` packs what waits then
        if core.live <= self.pack_after / 2 && !self.window.packing {
            return;
        }
        self.note_park(prog, core, id);
    }

    #[inline(never)]
    fn note_park(&mut self, prog: Prog, core: &mut Core, id: CoId) {
        let i = id as usize;
        let Some(&run) = self.runs.get(i).filter(|_| id != 0) else { return };
        let Some(m) = self.marks.get_mut(i) else { return };
        m.set(NOTED, true);
        let w = &mut self.window;
        w.parks.push_back((id, run));
        w.current += 1;
        if core.live > self.pack_after && !w.packing {
            w.packing = true;
            self.pack_all_but_window(prog, core);
        } else if core.live <= self.pack_after / 2 {
            w.packing = false;
        }
        let keep = self.pack_after.min(KEEP_UNPACKED);
        while self.window.current > keep {
            let Some((old, run)) = self.window.parks.pop_front() else { break };
            let o = old as usize;
            if self.runs[o] != run || !self.marks[o].take(NOTED) {
                continue;
            }
            self.window.current -= 1;
            if self.window.packing && self.waits(core, o) {
                self.pack(prog, core, o);
            }
        }
        let w = &mut self.window;
        if w.parks.len() > 2 * keep + 64 {
            let (runs, marks) = (&self.runs, &self.marks);
            w.parks.retain(|&(id, run)| runs[id as usize] == run && marks[id as usize].has(NOTED));
        }
    }

    /// Whether coroutine `i` waits here: parked (not queued, not on another worker)
    /// and not woken meanwhile (a wake uses its registrations up).
    fn waits(&self, core: &Core, i: usize) -> bool {
        self.states.fiber(i).is_some()
            && !self.marks[i].has(QUEUED | AWAY | REWAKE)
            && core.task(i as CoId).is_some_and(|t| !t.waits.is_empty())
    }

    #[inline(never)]
    fn pack_all_but_window(&mut self, prog: Prog, core: &mut Core) {
        for i in 1..self.states.len() {
            if !self.marks[i].has(NOTED) && self.waits(core, i) {
                self.pack(prog, core, i);
            }
        }
    }

    /// Where `limits` are in the run's table of packed coroutines' limits (one entry per
    /// value: stages and `heap::set_limit` give a coroutine limits of its own, most share
    /// the entry's): found, or put in an entry no packed coroutine has, or added if
    /// there is room; `None` when all `MAX_LIMIT_SETS` are in use.
    fn limits_index(&mut self, limits: &Arc<Limits>) -> Option<usize> {
        let sets = &mut self.limit_sets;
        if let Some(i) = sets.iter().position(|(l, _)| Arc::ptr_eq(l, limits) || **l == **limits) {
            return Some(i);
        }
        if let Some(i) = sets.iter().position(|&(_, users)| users == 0) {
            sets[i].0 = Arc::clone(limits);
            return Some(i);
        }
        (sets.len() < MAX_LIMIT_SETS).then(|| {
            sets.push((Arc::clone(limits), 0));
            sets.len() - 1
        })
    }

    /// Packs coroutine `i`, which waits, after a collection of its heap, unless its
    /// state is one packing does not keep or its heap is big (module docs).
    fn pack(&mut self, prog: Prog, core: &mut Core, i: usize) {
        let Some(st) = self.states.fiber(i).map(|f| &f.st) else { return };
        // a big heap is collected for the decision only when that may pay: it allocated
        // half its size since, or its last collection left few objects live (a long slot
        // vector of garbage, which the compaction after this one then shortens)
        let worth_collecting = st.heap.since_gc >= st.heap.bytes / 2 || st.heap.live_objects < MAX_SLOTS / 2;
        if !Packed::keeps(st) || (!Packed::fits(st) && !worth_collecting) {
            return;
        }
        let Some(limits) = self.limits_index(&Arc::clone(&st.limits)) else { return };
        let Some(mut fiber) = self.states.take_fiber(i) else { return };
        sweep(prog, &mut fiber.st);
        core.apply_counts(&mut fiber.st.heap);
        self.marks[i].set_swept(Swept::Collected);
        // its survivors down to the lowest slots: few live objects among many free slots
        // fit then (and the words packed hold no free slots)
        if let Some(r) = fiber.st.suspended.get().filter(|_| fiber.st.heap.live_objects < MAX_SLOTS && !fiber.then_call) {
            crate::gc::compact(prog.module, prog.tables, &mut fiber.st, r);
        }
        match Packed::pack(prog.tables, limits, fiber) {
            Ok((packed, shell)) => {
                self.states.put_packed(i, packed);
                self.limit_sets[limits].1 += 1;
                if self.spare.len() < SPARE_FIBERS {
                    self.spare.push(shell);
                }
                core.stats.packed += 1;
            }
            Err(fiber) => self.states.put_fiber(i, fiber),
        }
    }
}
