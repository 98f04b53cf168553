//! The heap: objects in a slot vector addressed by handle (the slot index; 0 is null),
//! a free list, and the byte accounting that triggers collection and enforces the heap
//! limit.
//!
//! Allocation never collects: it only raises a flag that the interpreter checks at the
//! next safepoint, so a handle held in a Rust local can never be freed under it. When the
//! heap limit is reached, allocation fails with `Trap::NoMem`; the interpreter then
//! collects and runs the instruction again once (see `Trap::NoMem`).
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::mem::size_of;

use cprime_bytecode::module::Kind;

pub use crate::map::MapObj;
use crate::Trap;

/// One heap object. Field, element and cell kinds say which slots hold handles.
#[derive(Debug)]
pub enum Object {
    /// An unused slot (on the free list).
    Free,
    /// An immutable string.
    Str(Box<str>),
    /// A struct, tuple, enum variant or signal value; field kinds come from the layout.
    /// Up to two fields live in the slot itself (an `Option` payload, a tree node), with
    /// no allocation of their own.
    Record { layout: u32, fields: Fields },
    Vector { kind: Kind, items: Vec<u64> },
    Map(Box<MapObj>),
    /// Captures are always `Ref` (cells or shared objects); up to two live in the slot
    /// (a spawned block capturing a value or two needs no allocation of its own).
    Closure { func: u32, caps: Fields },
    /// A shared variable captured by closures.
    Cell { kind: Kind, value: u64 },
    /// One end of a coroutine channel (`co/`): a sender or the receiver of channel
    /// `chan`, whose messages have kind `kind`. Copied between heaps as a new end of the
    /// same channel.
    Port { chan: u32, kind: Kind, sender: bool },
    /// The handle `spawn` returns: coroutine `id`, whose result has kind `kind`.
    Task { id: u32, kind: Kind },
    /// A host socket (`TcpListener` / `TcpStream`, `net.rs`). Copied between heaps as
    /// another reference to the same socket; the host closes it when none is left.
    Socket { id: u32, listener: bool },
}

/// The socket number of a `TcpStream` object whose connection moved to another
/// coroutine (`Heap::move_sockets`).
pub(crate) const MOVED: u32 = u32::MAX;

/// A new heap's slot vector: slot 0, the null handle, and room for a small coroutine's
/// objects without growing (a parked coroutine of bench/co_parked.cp fits in 5).
fn initial_slots() -> Vec<Object> {
    let mut v = Vec::with_capacity(5);
    v.push(Object::Free);
    v
}

/// Heaps reused for new coroutines keep a slot vector up to this size (`Heap::clear`).
pub(crate) const REUSED_SLOTS: usize = 256;

/// A record's fields: inline up to two (the slot stays 32 bytes), else a heap buffer.
pub type Fields = smallvec::SmallVec<[u64; 2]>;

/// `fields` as inline `Fields` when they fit the slot (two or fewer).
#[inline]
fn inline_fields(fields: &[u64]) -> Option<Fields> {
    match *fields {
        [] => Some(Fields::new()),
        [a] => Some(Fields::from_buf_and_len([a, 0], 1)),
        [a, b] => Some(Fields::from_buf([a, b])),
        _ => None,
    }
}

// A slot is 32 bytes on 64-bit hosts; inline fields must not make every object bigger.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<Object>() == 32);

/// Heap statistics (`Vm::heap_stats`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeapStats {
    pub live_objects: usize,
    /// Approximate: exact at the last collection plus what was allocated since.
    pub live_bytes: usize,
    pub collections: u64,
    pub peak_bytes: usize,
    /// Objects allocated since the start.
    pub allocations: u64,
}

/// `Heap::poll` bit: enough was allocated since the last collection; collect at the next safepoint.
pub(crate) const POLL_GC: u8 = 1;
/// `Heap::poll` bit: an instruction was retried after a collection; end `strict` mode.
pub(crate) const POLL_RETRY: u8 = 2;
/// `Heap::poll` bit: natives did a time slice's worth of work (`Heap::work`) since the
/// last safepoint that looked; a sliced run ends its slice there.
pub(crate) const POLL_WORK: u8 = 4;
/// Reductions by work: how many units (elements a native walked, bytes it compared) are
/// worth a time slice. A slice of 2,000 safepoints runs for tens of microseconds; a
/// native's pass over 256 Ki elements takes about as long (a sort counts `n log n`).
pub(crate) const SLICE_WORK: u32 = 1 << 18;
/// Socket references made in a heap, at least, before they make it collect
/// (`Heap::new_socket`): a heap forgetting its connections keeps at most about this many
/// open beside the live ones (a collection of a small heap costs less than the system
/// calls of one connection).
pub(crate) const SOCKETS_PER_COLLECTION: u32 = 32;
/// Bytes allocated before the first collection (later: as many as survived the last one,
/// at least this many).
pub(crate) const INITIAL_THRESHOLD: usize = 1 << 20;
/// The same for a spawned coroutine's heap, one of many: with the entry's 1 MiB, each
/// of a thousand busy connections held up to a MiB of garbage (http_hello under
/// `wrk -c1000`: 932 MB).
pub(crate) const COROUTINE_THRESHOLD: usize = 64 << 10;

/// `Heap::floor` of a coroutine's heap or the entry's.
fn floor_of(coroutine: bool) -> usize {
    if coroutine {
        COROUTINE_THRESHOLD
    } else {
        INITIAL_THRESHOLD
    }
}

/// The slot index of a handle; out-of-range handles map to an index no heap has.
#[inline(always)]
pub(crate) fn index(h: u64) -> usize {
    if h > u32::MAX as u64 {
        usize::MAX
    } else {
        h as usize
    }
}

pub struct Heap {
    pub(crate) objs: Vec<Object>,
    /// Free slot indices; popped from the end, kept so the lowest index is reused first.
    pub(crate) free: Vec<u32>,
    /// Live bytes at the last collection plus bytes allocated since.
    pub(crate) bytes: usize,
    pub(crate) since_gc: usize,
    pub(crate) threshold: usize,
    pub(crate) limit: Option<usize>,
    /// Non-zero when the next safepoint has work (`POLL_*` bits).
    pub(crate) poll: u8,
    /// Set right after an emergency collection: running out again is a real `OOM`.
    pub(crate) strict: bool,
    /// Work natives did since the last safepoint that looked (`Heap::work`).
    pub(crate) work: u32,
    pub(crate) live_objects: usize,
    pub(crate) collections: u64,
    pub(crate) peak: usize,
    pub(crate) allocations: u64,
    /// Counted references created (+1) and dropped (-1) in this heap since the
    /// coroutine scheduler (or, for sockets outside it, the host) last looked.
    pub(crate) events: Vec<(Counted, i32)>,
    /// A spawned coroutine's heap: collected sooner (`COROUTINE_THRESHOLD`); kept when
    /// the heap is emptied for the next coroutine.
    pub(crate) coroutine: bool,
    /// Socket references made since the last collection, and the sockets it left live:
    /// see `Heap::new_socket`.
    pub(crate) sockets_since_gc: u32,
    pub(crate) sockets_live: u32,
    /// Slots that held a stream socket when it was made or survived the last
    /// collection (some may hold another object since): where `move_sockets` looks,
    /// instead of every slot of a heap that may be big.
    pub(crate) stream_slots: Vec<u32>,
}

/// A heap's numbers without its slots, as words (`Heap::take_parts`): 0 bytes XOR what
/// the slots in use occupy (`nominal_bytes`), 1 bytes since the last collection, 2 the
/// collection threshold XOR `Heap::floor`, 3 the limit, 4 flags (bits 0-7 the poll
/// bits, 8 strictness, 9 whether there is a limit, 10 not a coroutine's heap, 32-63
/// work), 5 live objects minus the slots in use, 6 collections less one, 7 peak bytes
/// XOR bytes, 8 allocations minus the slots in use. Words 0, 2, 5, 7 and 8 are so that
/// a just-collected small heap's are zero, and word 6 for one collected once (packing
/// collects a heap first; a packed coroutine stores only the words that are not zero).
/// Word 9: socket references made since the last collection, and (high half) the
/// sockets live after it (zero for a heap that never held one).
pub(crate) type Counters = [u64; COUNTER_WORDS];
pub(crate) const COUNTER_WORDS: usize = 10;

/// What the objects in use among `objs` occupy (`Heap::size_of`): what a heap's
/// `bytes` are right after a collection, so that `take_parts` stores zero for them
/// then, and what `restore` computes again from the same objects (packing keeps what
/// `size_of` counts: a vector's capacity, whether a field list spilled).
fn nominal_bytes(objs: &[Object]) -> u64 {
    objs.iter().filter(|o| !matches!(o, Object::Free)).map(|o| Heap::size_of(o) as u64).fold(0, u64::wrapping_add)
}

/// Whether slots `objs` hold a sender end (live or garbage) of a channel `pick` picks (a
/// heap's, or a packed coroutine's).
pub(crate) fn holds_sender_in(objs: &[Object], pick: impl Fn(u32) -> bool) -> bool {
    objs.iter().any(|o| matches!(*o, Object::Port { chan, sender: true, .. } if chan != crate::co::DROPPED && pick(chan)))
}

/// The task number of a join handle that refers to no task (one detached from an earlier
/// scheduler run, or not yet numbered).
pub(crate) const NO_TASK: u32 = u32::MAX;

/// A reference counted outside the heap that holds it. Channel ends: a channel's sender
/// count decides when a `recv` sees that no sender is left, and a channel without ends
/// is freed. Sockets: the host closes one nobody refers to (`NetHost::retain`). Join
/// handles: a finished coroutine's task is recycled once no handle to it is left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Counted {
    Port { chan: u32, sender: bool },
    Socket(u32),
    Task(u32),
}

impl Counted {
    /// What object `o` counts as, if it is counted (and not dropped or moved already).
    pub(crate) fn of(o: &Object) -> Option<Counted> {
        match *o {
            Object::Port { chan, sender, .. } if chan != crate::co::DROPPED => Some(Counted::Port { chan, sender }),
            Object::Socket { id, .. } if id != MOVED => Some(Counted::Socket(id)),
            Object::Task { id, .. } if id != NO_TASK => Some(Counted::Task(id)),
            _ => None,
        }
    }
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

impl Heap {
    pub fn new() -> Heap {
        Heap::with_slots(initial_slots(), false)
    }

    /// A spawned coroutine's heap (`Heap::coroutine`).
    pub(crate) fn for_coroutine() -> Heap {
        Heap::with_slots(initial_slots(), true)
    }

    /// The least number of bytes allocated between two collections.
    pub(crate) fn floor(&self) -> usize {
        floor_of(self.coroutine)
    }

    /// A heap over the slot vector `objs`, which holds only the null slot 0.
    fn with_slots(objs: Vec<Object>, coroutine: bool) -> Heap {
        Heap {
            objs,
            free: Vec::new(),
            bytes: 0,
            since_gc: 0,
            threshold: floor_of(coroutine),
            limit: None,
            poll: 0,
            strict: false,
            work: 0,
            live_objects: 0,
            collections: 0,
            peak: 0,
            allocations: 0,
            events: Vec::new(),
            coroutine,
            sockets_since_gc: 0,
            sockets_live: 0,
            stream_slots: Vec::new(),
        }
    }

    /// Empties the heap for a new coroutine, keeping its slot vector unless it grew big.
    pub(crate) fn clear(&mut self) {
        let mut objs = core::mem::take(&mut self.objs);
        if objs.capacity() > REUSED_SLOTS {
            objs = initial_slots();
        } else {
            objs.clear();
            objs.push(Object::Free);
        }
        *self = Heap::with_slots(objs, self.coroutine);
    }

    /// Empties the heap, keeping its buffers (a waiting coroutine packed,
    /// `co/packed.rs`: the emptied state serves another coroutine, so its buffers leave
    /// no holes in the allocator's memory): slots `1..` (slot 0 is always the free null
    /// slot) go to `take` (which moves them out or encodes them, and drops what it
    /// leaves), and the counters are returned. Only for a heap with no counted-reference
    /// events left to apply; the free list is not kept, `restore` finds the free slots
    /// again.
    pub(crate) fn take_parts(&mut self, take: impl FnOnce(alloc::vec::Drain<'_, Object>)) -> Counters {
        debug_assert!(self.events.is_empty(), "counted-reference events left to apply");
        let used = self.objs.iter().skip(1).filter(|o| !matches!(o, Object::Free)).count();
        let used_bytes = nominal_bytes(&self.objs);
        let Heap { bytes, since_gc, threshold, limit, poll, strict, work, live_objects, collections, peak, allocations, sockets_since_gc, sockets_live, .. } = *self;
        let w = |n: usize| n as u64;
        let flags = u64::from(poll) | u64::from(strict) << 8 | u64::from(limit.is_some()) << 9 | u64::from(!self.coroutine) << 10 | u64::from(work) << 32;
        let (threshold, live) = (w(threshold) ^ w(self.floor()), w(live_objects).wrapping_sub(w(used)));
        let (peak, allocations) = (w(peak) ^ w(bytes), allocations.wrapping_sub(w(used)));
        let sockets = u64::from(sockets_since_gc) | u64::from(sockets_live) << 32;
        let (bytes, collections) = (w(bytes) ^ used_bytes, collections.wrapping_sub(1));
        let counters = [bytes, w(since_gc), threshold, w(limit.unwrap_or(0)), flags, live, collections, peak, allocations, sockets];
        // empty, with the slot vector (now the null slot alone) and the lists' buffers
        let (mut objs, mut free, mut events) = (core::mem::take(&mut self.objs), core::mem::take(&mut self.free), core::mem::take(&mut self.events));
        take(objs.drain(1.min(objs.len())..));
        if objs.is_empty() {
            objs.push(Object::Free);
        }
        free.clear();
        events.clear();
        *self = Heap { free, events, ..Heap::with_slots(objs, self.coroutine) };
        counters
    }

    /// Makes this heap the one whose slots and counters `take_parts` moved out (same
    /// handles), in its buffers (what it held before is dropped).
    pub(crate) fn restore(&mut self, slots: impl IntoIterator<Item = Object>, c: &Counters) {
        let (mut objs, mut free, mut events) = (core::mem::take(&mut self.objs), core::mem::take(&mut self.free), core::mem::take(&mut self.events));
        objs.clear();
        objs.push(Object::Free);
        objs.extend(slots);
        // lowest index last: reused first, as after a collection
        free.clear();
        free.extend((1..objs.len()).rev().filter(|&i| matches!(objs[i], Object::Free)).map(|i| i as u32));
        events.clear();
        let n = |x: u64| usize::try_from(x).unwrap_or(usize::MAX);
        let [bytes, since_gc, threshold, limit, flags, live, collections, peak, allocations, sockets] = *c;
        // (the heap it was: a coroutine's may come back in a state made afresh)
        let coroutine = (flags >> 10) & 1 == 0;
        let threshold = threshold ^ floor_of(coroutine) as u64;
        // the slots in use: all but the null slot and the free ones
        let used = (objs.len() - 1 - free.len()) as u64;
        let live_objects = live.wrapping_add(used);
        let (bytes, collections) = (bytes ^ nominal_bytes(&objs), collections.wrapping_add(1));
        let (peak, allocations) = (peak ^ bytes, allocations.wrapping_add(used));
        *self = Heap {
            objs,
            free,
            bytes: n(bytes),
            since_gc: n(since_gc),
            threshold: n(threshold),
            limit: ((flags >> 9) & 1 != 0).then(|| n(limit)),
            poll: flags as u8,
            strict: (flags >> 8) & 1 != 0,
            work: (flags >> 32) as u32,
            live_objects: n(live_objects),
            collections,
            peak: n(peak),
            allocations,
            events,
            coroutine,
            sockets_since_gc: sockets as u32,
            sockets_live: (sockets >> 32) as u32,
            stream_slots: Vec::new(),
        };
        self.find_stream_slots();
    }

    /// Makes `stream_slots` anew from the slots: the stream sockets not moved away.
    pub(crate) fn find_stream_slots(&mut self) {
        self.stream_slots.clear();
        let streams = self.objs.iter().enumerate().filter(|(_, o)| matches!(o, Object::Socket { id, listener: false } if *id != MOVED));
        self.stream_slots.extend(streams.map(|(i, _)| i as u32));
    }

    pub(crate) fn set_limit(&mut self, limit: Option<usize>) {
        self.limit = limit;
    }

    pub fn stats(&self) -> HeapStats {
        HeapStats {
            live_objects: self.live_objects,
            live_bytes: self.bytes,
            collections: self.collections,
            peak_bytes: self.peak,
            allocations: self.allocations,
        }
    }

    /// Approximate bytes an object occupies (slot plus owned buffers).
    pub(crate) fn size_of(obj: &Object) -> usize {
        size_of::<Object>()
            + match obj {
                Object::Free | Object::Cell { .. } | Object::Port { .. } | Object::Task { .. } | Object::Socket { .. } => 0,
                Object::Str(s) => s.len(),
                Object::Record { fields, .. } => if fields.spilled() { fields.len() * 8 } else { 0 },
                Object::Vector { items, .. } => items.capacity() * 8,
                Object::Map(m) => m.bytes(),
                Object::Closure { caps, .. } => if caps.spilled() { caps.len() * 8 } else { 0 },
            }
    }

    /// Fails if `size` more bytes would pass the heap limit (accounts nothing).
    pub(crate) fn check_room(&self, size: usize) -> Result<(), Trap> {
        let over = match self.limit {
            Some(limit) => self.bytes.saturating_add(size) > limit,
            None => false,
        };
        // (the machine's memory is short: as if at the limit, `memory.rs`)
        if over || crate::memory::is_short() {
            return Err(if self.strict { Trap::Oom } else { Trap::NoMem });
        }
        Ok(())
    }

    /// Counts `units` of work a native did without a safepoint (elements walked, bytes
    /// compared, a sort's `n log n`): reductions besides safepoints and allocation, so a
    /// loop of big in-place sorts or searches cannot hold a worker for a whole slice of
    /// them. Past `SLICE_WORK` the next safepoint ends a sliced run's slice.
    #[inline]
    pub(crate) fn work(&mut self, units: usize) {
        self.work = self.work.saturating_add(u32::try_from(units).unwrap_or(u32::MAX));
        if self.work >= SLICE_WORK {
            self.poll |= POLL_WORK;
        }
    }

    /// Accounts `size` newly owned bytes (an allocation or a buffer growing).
    pub(crate) fn charge(&mut self, size: usize) -> Result<(), Trap> {
        self.check_room(size)?;
        self.bytes = self.bytes.saturating_add(size);
        self.since_gc = self.since_gc.saturating_add(size);
        if self.since_gc > self.threshold {
            self.poll |= POLL_GC;
        }
        if self.bytes > self.peak {
            self.peak = self.bytes;
        }
        Ok(())
    }

    /// Stores an object and returns its handle.
    pub(crate) fn alloc(&mut self, obj: Object) -> Result<u64, Trap> {
        self.charge(Self::size_of(&obj))?;
        let i = match self.free.pop() {
            Some(i) => match self.objs.get_mut(i as usize) {
                Some(slot) => {
                    // a free slot holds nothing to drop
                    core::mem::forget(core::mem::replace(slot, obj));
                    i as usize
                }
                None => return Err(Trap::Internal(format!("free list names slot {i} past the heap"))),
            },
            None => {
                if self.objs.len() >= u32::MAX as usize || self.objs.try_reserve(1).is_err() {
                    return Err(Trap::Oom);
                }
                self.objs.push(obj);
                self.objs.len() - 1
            }
        };
        self.live_objects += 1;
        self.allocations += 1;
        Ok(i as u64)
    }

    /// Stores an object past the heap limit (`.heap_size`): the `OOM` signal raised
    /// because the limit was reached.
    pub(crate) fn alloc_over_limit(&mut self, obj: Object) -> Result<u64, Trap> {
        let limit = self.limit.take();
        let h = self.alloc(obj);
        self.limit = limit;
        h
    }

    /// A new end of channel `chan` (counted through `events`).
    pub(crate) fn new_port(&mut self, chan: u32, kind: Kind, sender: bool) -> Result<u64, Trap> {
        self.new_counted(Object::Port { chan, kind, sender })
    }

    /// A new reference to host socket `id` (counted through `events`).
    ///
    /// A socket that is garbage is closed when a collection frees it, but a socket
    /// object is small: a loop that accepts connections and forgets them would run out
    /// of file descriptors long before its heap has grown enough to be collected
    /// (tests/servers.rs). So sockets pace collections too: once as many references
    /// were made since the last one as it left live (at least `SOCKETS_PER_COLLECTION`),
    /// the next safepoint collects, which keeps the garbage ones at about the live ones.
    pub(crate) fn new_socket(&mut self, id: u32, listener: bool) -> Result<u64, Trap> {
        let h = self.new_counted(Object::Socket { id, listener })?;
        if !listener {
            self.stream_slots.push(h as u32);
        }
        self.sockets_since_gc = self.sockets_since_gc.saturating_add(1);
        if self.sockets_since_gc >= self.sockets_live.max(SOCKETS_PER_COLLECTION) {
            self.poll |= POLL_GC;
        }
        Ok(h)
    }

    /// A join handle of task `id` (counted through `events`).
    pub(crate) fn new_task_handle(&mut self, id: u32, kind: Kind) -> Result<u64, Trap> {
        self.new_counted(Object::Task { id, kind })
    }

    fn new_counted(&mut self, o: Object) -> Result<u64, Trap> {
        let counted = Counted::of(&o);
        let h = self.alloc(o)?;
        self.events.extend(counted.map(|c| (c, 1)));
        Ok(h)
    }

    /// Moves the connections among `sockets` out of this heap: `spawn` and `send` give a
    /// `TcpStream` to the other coroutine (as Rust moves it), so the connection closes
    /// when its new owner is done with it, not when this heap is next collected. Each
    /// object left behind is marked `MOVED`. Listeners stay shared.
    pub(crate) fn move_sockets(&mut self, sockets: impl Iterator<Item = u32>) {
        let moved: Vec<u32> = sockets.collect();
        if moved.is_empty() {
            return;
        }
        let mut slots = core::mem::take(&mut self.stream_slots);
        for &i in &slots {
            if let Some(Object::Socket { id, listener: false }) = self.objs.get_mut(i as usize) {
                if *id != MOVED && moved.contains(id) {
                    self.events.push((Counted::Socket(*id), -1));
                    *id = MOVED;
                    // handed on (a server's accept loop): no descriptor to collect here
                    self.sockets_since_gc = self.sockets_since_gc.saturating_sub(1);
                }
            }
        }
        // (what holds no stream now is dropped, and a slot listed twice once)
        let objs = &self.objs;
        slots.retain(|&i| matches!(objs.get(i as usize), Some(Object::Socket { id, listener: false }) if *id != MOVED));
        slots.sort_unstable();
        slots.dedup();
        self.stream_slots = slots;
    }

    /// Whether this heap holds a sender end of channel `chan` (live or garbage): a scan
    /// of the slots, for the scheduler's deadlock report.
    pub(crate) fn holds_sender(&self, chan: u32) -> bool {
        self.holds_sender_where(|c| c == chan)
    }

    /// Whether this heap holds a sender end (live or garbage) of a channel `pick` picks:
    /// a scan of the slots, for the scheduler's sweeps.
    pub(crate) fn holds_sender_where(&self, pick: impl Fn(u32) -> bool) -> bool {
        holds_sender_in(&self.objs, pick)
    }

    /// Cuts the channel ends and join handles in this heap loose from the scheduler
    /// bookkeeping that counted them: a new run of the coroutine scheduler (on a `Vm`
    /// that ran one before) starts with new channel and task numbers, which the old
    /// ends must not touch. They become dropped ends and handles of no task.
    pub(crate) fn detach_from_scheduler(&mut self) {
        for o in self.objs.iter_mut() {
            match o {
                Object::Port { chan, .. } => *chan = crate::co::DROPPED,
                Object::Task { id, .. } => *id = NO_TASK,
                _ => {}
            }
        }
        self.events.retain(|(c, _)| matches!(c, Counted::Socket(_)));
    }

    /// Records every channel end and socket still in this heap as gone (the heap is
    /// being dropped).
    pub(crate) fn release_ports(&mut self) {
        let gone = self.objs.iter().filter_map(Counted::of).map(|c| (c, -1));
        self.events.extend(gone);
    }

    /// Records every channel end still in this heap as gone, and makes them dropped
    /// ends (the entry's coroutine ended in a shutdown; its heap stays for the stages'
    /// cleanup, which must not count them again).
    pub(crate) fn release_channel_ends(&mut self) {
        for o in self.objs.iter_mut() {
            if let Object::Port { chan, sender, .. } = o {
                if *chan != crate::co::DROPPED {
                    self.events.push((Counted::Port { chan: *chan, sender: *sender }, -1));
                    *chan = crate::co::DROPPED;
                }
            }
        }
    }

    pub(crate) fn new_str(&mut self, s: String) -> Result<u64, Trap> {
        self.alloc(Object::Str(s.into_boxed_str()))
    }

    pub(crate) fn new_record(&mut self, layout: u32, fields: &[u64]) -> Result<u64, Trap> {
        // most records (an `Option`'s `Some`, a pair) fit the slot: built in place
        if let Some(v) = inline_fields(fields) {
            return self.alloc(Object::Record { layout, fields: v });
        }
        // the buffer is allocated before `alloc` accounts it: check first
        self.check_room(fields.len() * 8 + size_of::<Object>())?;
        let mut v = Fields::new();
        v.try_reserve_exact(fields.len()).map_err(|_| Trap::Oom)?;
        v.extend_from_slice(fields);
        self.alloc(Object::Record { layout, fields: v })
    }

    pub(crate) fn new_vector(&mut self, kind: Kind, items: Vec<u64>) -> Result<u64, Trap> {
        self.alloc(Object::Vector { kind, items })
    }

    /// A `Vec<u64>` with room for `n` items, after checking the heap limit.
    pub(crate) fn items_with_capacity(&self, n: usize) -> Result<Vec<u64>, Trap> {
        self.check_room(n.saturating_mul(8))?;
        let mut v = Vec::new();
        v.try_reserve_exact(n).map_err(|_| Trap::Oom)?;
        Ok(v)
    }

    /// A `String` with room for `n` bytes, after checking the heap limit.
    pub(crate) fn string_with_capacity(&self, n: usize) -> Result<String, Trap> {
        self.check_room(n)?;
        let mut s = String::new();
        s.try_reserve_exact(n).map_err(|_| Trap::Oom)?;
        Ok(s)
    }

    // ---- access

    #[inline(always)]
    pub fn get(&self, h: u64) -> Option<&Object> {
        match self.objs.get(index(h)) {
            Some(Object::Free) | None => None,
            Some(o) => Some(o),
        }
    }

    #[inline(always)]
    pub(crate) fn get_mut(&mut self, h: u64) -> Option<&mut Object> {
        match self.objs.get_mut(index(h)) {
            Some(Object::Free) | None => None,
            Some(o) => Some(o),
        }
    }

    /// The text of a string object.
    pub fn str(&self, h: u64) -> Option<&str> {
        match self.get(h) {
            Some(Object::Str(s)) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn str_of(&self, h: u64) -> Result<&str, Trap> {
        self.str(h).ok_or_else(|| bad(h, "string"))
    }

    pub(crate) fn record(&self, h: u64) -> Result<(u32, &[u64]), Trap> {
        match self.get(h) {
            Some(Object::Record { layout, fields }) => Ok((*layout, fields)),
            _ => Err(bad(h, "record")),
        }
    }

    pub(crate) fn vector(&self, h: u64) -> Result<(Kind, &Vec<u64>), Trap> {
        match self.get(h) {
            Some(Object::Vector { kind, items }) => Ok((*kind, items)),
            _ => Err(bad(h, "vector")),
        }
    }

    pub(crate) fn vector_mut(&mut self, h: u64) -> Result<(Kind, &mut Vec<u64>), Trap> {
        match self.get_mut(h) {
            Some(Object::Vector { kind, items }) => Ok((*kind, items)),
            _ => Err(bad(h, "vector")),
        }
    }

    pub(crate) fn map(&self, h: u64) -> Result<&MapObj, Trap> {
        match self.get(h) {
            Some(Object::Map(m)) => Ok(m),
            _ => Err(bad(h, "map")),
        }
    }

    /// Runs `f` on map `h` with shared access to the rest of the heap (string keys are
    /// compared by content). The map is out of its slot meanwhile; nothing can allocate.
    pub(crate) fn with_map<R>(&mut self, h: u64, f: impl FnOnce(&Heap, &mut MapObj) -> R) -> Result<R, Trap> {
        let i = index(h);
        let mut m = match self.objs.get_mut(i) {
            Some(slot @ Object::Map(_)) => match core::mem::replace(slot, Object::Free) {
                Object::Map(m) => m,
                _ => return Err(bad(h, "map")),
            },
            _ => return Err(bad(h, "map")),
        };
        let r = f(self, &mut m);
        if let Some(slot) = self.objs.get_mut(i) {
            *slot = Object::Map(m);
        }
        Ok(r)
    }

    // ---- the operations instructions perform

    // The `try_` forms are the interpreter's fast paths: `None` when the instruction
    // would fault, with no error value built (so the threaded handlers keep no stack
    // temporaries and stay tail calls); the `Result` forms say why.

    #[inline(always)]
    pub(crate) fn try_field(&self, h: u64, i: u16) -> Option<u64> {
        match self.objs.get(index(h)) {
            Some(Object::Record { fields, .. }) => fields.get(i as usize).copied(),
            _ => None,
        }
    }

    /// The threaded chain's `CapGet`, `CellGet` and `CellSet` (`None`: the outer loop
    /// runs the instruction again and reports what is wrong, `capture`, `cell_get_as`).
    #[inline(always)]
    pub(crate) fn try_capture(&self, h: u64, func: usize, i: u16) -> Option<u64> {
        match self.objs.get(index(h)) {
            Some(Object::Closure { func: f, caps }) if *f as usize == func => caps.get(i as usize).copied(),
            _ => None,
        }
    }

    #[inline(always)]
    pub(crate) fn try_cell_get(&self, h: u64, want: Option<Kind>) -> Option<u64> {
        match self.objs.get(index(h)) {
            Some(Object::Cell { kind, value }) if Some(*kind) == want => Some(*value),
            _ => None,
        }
    }

    #[inline(always)]
    pub(crate) fn try_cell_set(&mut self, h: u64, v: u64, have: Option<Kind>) -> Option<()> {
        match self.objs.get_mut(index(h)) {
            Some(Object::Cell { kind, value }) if Some(*kind) == have => {
                *value = v;
                Some(())
            }
            _ => None,
        }
    }

    #[inline(always)]
    pub(crate) fn try_set_field(&mut self, h: u64, i: u16, v: u64) -> Option<()> {
        match self.objs.get_mut(index(h)) {
            Some(Object::Record { fields, .. }) => {
                *fields.get_mut(i as usize)? = v;
                Some(())
            }
            _ => None,
        }
    }

    #[inline(always)]
    pub(crate) fn try_vec_get(&self, h: u64, i: i64) -> Option<u64> {
        match self.objs.get(index(h)) {
            Some(Object::Vector { items, .. }) => items.get(usize::try_from(i).ok()?).copied(),
            _ => None,
        }
    }

    #[inline(always)]
    pub(crate) fn try_vec_set(&mut self, h: u64, i: i64, x: u64) -> Option<()> {
        match self.objs.get_mut(index(h)) {
            Some(Object::Vector { items, .. }) => {
                *items.get_mut(usize::try_from(i).ok()?)? = x;
                Some(())
            }
            _ => None,
        }
    }

    #[inline(always)]
    pub(crate) fn try_tag(&self, h: u64) -> Option<u32> {
        match self.objs.get(index(h)) {
            Some(Object::Record { layout, .. }) => Some(*layout),
            _ => None,
        }
    }

    /// Allocating fast paths: out of line, so their temporaries (and the error they
    /// drop) never live in a threaded handler's frame.
    #[inline(never)]
    pub(crate) fn try_new_record(&mut self, layout: u32, fields: &[u64]) -> Option<u64> {
        self.new_record(layout, fields).ok()
    }

    #[inline(never)]
    pub(crate) fn try_vec_push(&mut self, h: u64, x: u64) -> Option<()> {
        self.vec_push(h, x).ok()
    }

    pub(crate) fn field(&self, h: u64, i: u16) -> Result<u64, Trap> {
        self.try_field(h, i).ok_or_else(|| bad_field(self, h, i))
    }

    pub(crate) fn set_field(&mut self, h: u64, i: u16, v: u64) -> Result<(), Trap> {
        match self.try_set_field(h, i, v) {
            Some(()) => Ok(()),
            None => Err(bad_field(self, h, i)),
        }
    }

    pub(crate) fn vec_get(&self, h: u64, i: i64) -> Result<u64, Trap> {
        self.try_vec_get(h, i).ok_or_else(|| bad_index(self, h, i))
    }

    pub(crate) fn vec_set(&mut self, h: u64, i: i64, x: u64) -> Result<(), Trap> {
        match self.try_vec_set(h, i, x) {
            Some(()) => Ok(()),
            None => Err(bad_index(self, h, i)),
        }
    }

    /// Makes room for `extra` more items in vector `h` (accounting the growth).
    pub(crate) fn vec_reserve(&mut self, h: u64, extra: usize) -> Result<(), Trap> {
        let (_, items) = self.vector(h)?;
        let (len, cap) = (items.len(), items.capacity());
        let need = len.checked_add(extra).ok_or(Trap::Oom)?;
        if need <= cap {
            return Ok(());
        }
        let new_cap = need.max(cap.saturating_mul(2)).max(4);
        self.charge((new_cap - cap).saturating_mul(8))?;
        let (_, items) = self.vector_mut(h)?;
        items.try_reserve_exact(new_cap - len).map_err(|_| Trap::Oom)
    }

    pub(crate) fn vec_push(&mut self, h: u64, x: u64) -> Result<(), Trap> {
        self.vec_reserve(h, 1)?;
        let (_, items) = self.vector_mut(h)?;
        items.push(x);
        Ok(())
    }

    /// Whether strings `a` and `b` are equal; the bytes compared count as work
    /// (`Heap::work`: a loop comparing long strings is preempted like any other).
    pub(crate) fn str_eq(&mut self, a: u64, b: u64) -> Result<bool, Trap> {
        if a == b {
            return Ok(true);
        }
        let (x, y) = (self.str_of(a)?, self.str_of(b)?);
        let (equal, compared) = (x == y, if x.len() == y.len() { x.len() } else { 0 });
        self.work(compared);
        Ok(equal)
    }

    pub(crate) fn str_cat(&mut self, a: u64, b: u64) -> Result<u64, Trap> {
        let (x, y) = (self.str_of(a)?, self.str_of(b)?);
        let mut s = self.string_with_capacity(x.len().saturating_add(y.len()))?;
        s.push_str(x);
        s.push_str(y);
        self.new_str(s)
    }

    /// A vector of `n` copies of `v` (`vec![v; n]`); negative `n` gives an empty vector.
    pub(crate) fn vec_rep(&mut self, kind: Kind, v: u64, n: i64) -> Result<u64, Trap> {
        let n = usize::try_from(n.max(0)).map_err(|_| Trap::Oom)?;
        let mut items = self.items_with_capacity(n)?;
        items.resize(n, v);
        self.new_vector(kind, items)
    }

    /// The value of cell `h`, for a register of kind `want`, which must be the cell's.
    pub(crate) fn cell_get_as(&self, h: u64, want: Option<Kind>) -> Result<u64, Trap> {
        match self.get(h) {
            Some(Object::Cell { kind, value }) if Some(*kind) == want => Ok(*value),
            Some(Object::Cell { kind, .. }) => Err(Trap::Internal(format!("a cell of kind {} read into a register of kind {}", kind.name(), kind_name(want)))),
            _ => Err(bad(h, "cell")),
        }
    }

    /// Sets cell `h` from a register of kind `have`, which must be the cell's.
    pub(crate) fn cell_set_as(&mut self, h: u64, v: u64, have: Option<Kind>) -> Result<(), Trap> {
        match self.get(h) {
            Some(Object::Cell { kind, .. }) if Some(*kind) != have => {
                Err(Trap::Internal(format!("a cell of kind {} set from a register of kind {}", kind.name(), kind_name(have))))
            }
            _ => self.cell_set(h, v),
        }
    }

    #[cfg(test)]
    pub(crate) fn cell_get(&self, h: u64) -> Result<u64, Trap> {
        match self.get(h) {
            Some(Object::Cell { value, .. }) => Ok(*value),
            _ => Err(bad(h, "cell")),
        }
    }

    pub(crate) fn cell_set(&mut self, h: u64, v: u64) -> Result<(), Trap> {
        match self.get_mut(h) {
            Some(Object::Cell { value, .. }) => {
                *value = v;
                Ok(())
            }
            _ => Err(bad(h, "cell")),
        }
    }

    /// Capture `i` of closure `h`, read by function `func`: only a closure of `func`
    /// itself, whose captures have the kinds `func` declares (the verifier checks those
    /// at `CapGet`, and every `MkClo` of `func` against them; register 0 may hold any
    /// closure, so the function is checked here).
    pub(crate) fn capture(&self, h: u64, func: usize, i: u16) -> Result<u64, Trap> {
        match self.get(h) {
            Some(Object::Closure { func: f, caps }) if *f as usize == func => {
                caps.get(i as usize).copied().ok_or_else(|| Trap::Internal(format!("capture {i} out of range ({} captures)", caps.len())))
            }
            Some(Object::Closure { func: f, .. }) => Err(Trap::Internal(format!("a capture of function {f}'s closure read by function {func}"))),
            _ => Err(bad(h, "closure")),
        }
    }
}

/// The internal error for a handle that is not the object an instruction needs.
#[cold]
#[inline(never)]
pub(crate) fn bad(h: u64, want: &str) -> Trap {
    if h == 0 {
        Trap::Internal(format!("null reference where a {want} was expected"))
    } else {
        Trap::Internal(format!("handle {h} is not a live {want}"))
    }
}

/// Why `vec_get`/`vec_set` failed: not a vector, or the index out of range.
#[cold]
#[inline(never)]
fn bad_index(heap: &Heap, h: u64, i: i64) -> Trap {
    match heap.get(h) {
        Some(Object::Vector { items, .. }) => Trap::Index { index: i, len: items.len() as i64 },
        _ => bad(h, "vector"),
    }
}

#[cold]
#[inline(never)]
fn bad_field(heap: &Heap, h: u64, i: u16) -> Trap {
    match heap.get(h) {
        Some(Object::Record { layout, fields }) => {
            Trap::Internal(format!("field {i} out of range (record of layout #{layout} has {} fields)", fields.len()))
        }
        _ => bad(h, "record"),
    }
}

/// A register kind for a message (`None`: a register the function does not have).
fn kind_name(k: Option<Kind>) -> &'static str {
    k.map_or("(none)", |k| k.name())
}
