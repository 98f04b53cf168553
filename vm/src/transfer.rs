//! Moving values between heaps: the coroutine runtime's isolation boundary.
//!
//! Each coroutine owns its heap (BRIEF, "Memory"), so what `spawn` captures and what a
//! channel carries leaves one heap and enters another as a [`Packet`]: the value graph
//! reachable from one root, detached from any heap. `export` reads it out of the
//! sender's heap; `import` rebuilds it in the receiver's, with fresh handles. Sharing and
//! cycles inside the graph survive (two fields naming one vector name one copy), maps
//! are re-indexed (keys that are handles hash by identity, which changes), and nothing
//! in the receiver's heap can reach the sender's.
//!
//! Both walks are iterative (a million-element list must not overflow the Rust stack)
//! and neither collects: `import` only allocates, so its half-built objects are safe
//! until the next safepoint, when the imported root is already in a register.
use alloc::boxed::Box;
use alloc::format;
use alloc::vec::Vec;

use cprime_bytecode::module::Kind;
use hashbrown::HashMap;
use smallvec::SmallVec;

use crate::heap::{Fields, Heap, Object};
use crate::map::{FxBuild, MapObj};
use crate::{Tables, Trap};

/// A value graph outside any heap. In `nodes`, a reference is a node number plus one
/// (0 stays null); plain ints and floats are stored as they are.
#[derive(Clone, Debug, PartialEq)]
pub struct Packet {
    kind: Kind,
    /// The value itself (`Int`, `Float`) or the root's node reference (`Ref`).
    root: u64,
    /// Whether a node is a channel end, a socket or a join handle (`Packet::counted`).
    counted: bool,
    nodes: Vec<Node>,
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Str(Box<str>),
    Record { layout: u32, fields: Fields },
    Vector { kind: Kind, items: Vec<u64> },
    Map { key: Kind, val: Kind, entries: Vec<(u64, u64)> },
    Closure { func: u32, caps: Fields },
    Cell { kind: Kind, value: u64 },
    Port { chan: u32, kind: Kind, sender: bool },
    Task { id: u32, kind: Kind },
    Socket { id: u32, listener: bool },
}

impl Node {
    /// A reference the scheduler counts (`Packet::counted`).
    fn counted(&self) -> bool {
        matches!(self, Node::Port { .. } | Node::Socket { .. } | Node::Task { .. })
    }
}

impl Packet {
    /// A value without objects: a number, or a null reference.
    pub(crate) fn plain_of(kind: Kind, value: u64) -> Packet {
        Packet { kind, root: value, counted: false, nodes: Vec::new() }
    }

    /// A plain int (no objects).
    pub(crate) fn int(v: i64) -> Packet {
        Packet { kind: Kind::Int, root: v as u64, counted: false, nodes: Vec::new() }
    }

    /// The value, when it carries no object (a number, a null reference): `import`
    /// gives it as it is.
    pub(crate) fn plain(&self) -> Option<u64> {
        (self.kind != Kind::Ref || self.root == 0).then_some(self.root)
    }

    /// Whether it holds references the scheduler counts while it is in flight (channel
    /// ends, sockets, join handles): most messages and captures hold none.
    pub(crate) fn counted(&self) -> bool {
        self.counted
    }

    /// How many heap objects the packet holds (what an import allocates).
    pub fn objects(&self) -> usize {
        self.nodes.len()
    }

    /// About how many words the packet copied (its nodes and their items), for the
    /// sender's reductions by work.
    pub(crate) fn size(&self) -> usize {
        self.nodes
            .iter()
            .map(|n| match n {
                Node::Str(s) => 1 + s.len() / 8,
                Node::Record { fields, .. } => 1 + fields.len(),
                Node::Vector { items, .. } => 1 + items.len(),
                Node::Map { entries, .. } => 1 + 2 * entries.len(),
                Node::Closure { caps, .. } => 1 + caps.len(),
                Node::Cell { .. } | Node::Port { .. } | Node::Task { .. } | Node::Socket { .. } => 1,
            })
            .sum()
    }

    /// The channel ends in the packet, as (channel, sender?). A packet in flight keeps
    /// its channels' senders alive: the scheduler counts them from the export until the
    /// import that consumes it.
    pub(crate) fn ports(&self) -> impl Iterator<Item = (u32, bool)> + '_ {
        self.nodes.iter().filter_map(|n| match *n {
            Node::Port { chan, sender, .. } if chan != crate::co::DROPPED => Some((chan, sender)),
            _ => None,
        })
    }

    /// The join handles in the packet: counted while it is in flight.
    pub(crate) fn tasks(&self) -> impl Iterator<Item = u32> + '_ {
        self.nodes.iter().filter_map(|n| match *n {
            Node::Task { id, .. } => Some(id),
            _ => None,
        })
    }

    /// The sockets in the packet: like channel ends, counted while it is in flight.
    pub(crate) fn sockets(&self) -> impl Iterator<Item = u32> + '_ {
        self.nodes.iter().filter_map(|n| match *n {
            Node::Socket { id, .. } if id != crate::heap::MOVED => Some(id),
            _ => None,
        })
    }
}

/// The node buffers of packets already consumed, for the next exports: a packet's nodes
/// are one allocation, and the coroutine runtime makes and drops a packet for nearly
/// every `spawn` (its closure) and message with objects (`Core::spares`).
#[derive(Default)]
pub(crate) struct Spares(Vec<Vec<Node>>);

impl Spares {
    /// Buffers kept (a burst of spawns takes many before the first is consumed), and the
    /// largest capacity kept (a huge message's buffer is freed): 32 KiB for a burst of
    /// one-node packets (closures, strings), 512 KiB at most.
    const KEEP: usize = 1024;
    const MAX_NODES: usize = 16;

    /// Keeps the buffer of packet `p`, which was consumed.
    pub(crate) fn give(&mut self, p: Packet) {
        let mut nodes = p.nodes;
        if (1..=Self::MAX_NODES).contains(&nodes.capacity()) && self.0.len() < Self::KEEP {
            nodes.clear();
            self.0.push(nodes);
        }
    }

    fn take(&mut self) -> Vec<Node> {
        self.0.pop().unwrap_or_default()
    }

    /// Buffers kept now.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// Reads the graph reachable from `value` (of kind `kind`) out of `heap`.
pub(crate) fn export(heap: &Heap, tables: &Tables, value: u64, kind: Kind) -> Result<Packet, Trap> {
    // (a number, most coroutines' result: no spare list made and dropped for it)
    if kind != Kind::Ref || value == 0 {
        return Ok(Packet::plain_of(kind, value));
    }
    export_with(&mut Spares::default(), heap, tables, value, kind)
}

/// `export`, into a buffer from `spares` when it has one.
pub(crate) fn export_with(spares: &mut Spares, heap: &Heap, tables: &Tables, value: u64, kind: Kind) -> Result<Packet, Trap> {
    if kind != Kind::Ref || value == 0 {
        return Ok(Packet::plain_of(kind, value));
    }
    // one object referring to no other (a string, a closure capturing numbers): no
    // numbering
    let mut leaf = true;
    for_each_ref(heap, tables, value, |r| leaf &= r == 0)?;
    if leaf {
        let node = node_of(heap, tables, value, |_| 0)?;
        let counted = node.counted();
        let mut nodes = spares.take();
        nodes.push(node);
        return Ok(Packet { kind, root: 1, counted, nodes });
    }
    // (small graphs, the usual message or capture, need no allocation but the packet's)
    let mut number = Numbering::default();
    let mut order: SmallVec<[u64; 8]> = SmallVec::new();
    // number every reachable object first, then copy each with its references renamed
    let mut work: SmallVec<[u64; 8]> = smallvec::smallvec![value];
    while let Some(h) = work.pop() {
        if h == 0 || number.get(h).is_some() {
            continue;
        }
        order.push(h);
        number.insert(h, order.len() as u64);
        for_each_ref(heap, tables, h, |r| work.push(r))?;
    }
    let rename = |h: u64| if h == 0 { 0 } else { number.get(h).unwrap_or(0) };
    let mut nodes = spares.take();
    nodes.reserve_exact(order.len());
    for &h in &order {
        nodes.push(node_of(heap, tables, h, rename)?);
    }
    let counted = nodes.iter().any(Node::counted);
    Ok(Packet { kind, root: 1, counted, nodes })
}

/// Object `h` as a packet node, its references renamed by `rename`.
fn node_of(heap: &Heap, tables: &Tables, h: u64, rename: impl Fn(u64) -> u64) -> Result<Node, Trap> {
    let renamed = |xs: &[u64]| xs.iter().map(|&x| rename(x)).collect::<Vec<u64>>();
    Ok(match heap.get(h) {
        Some(Object::Str(s)) => Node::Str(crate::memory::try_string(s)?.into_boxed_str()),
        Some(Object::Record { layout, fields }) => {
            let mut f = fields.clone();
            if let Some(refs) = tables.layout_refs.get(*layout as usize) {
                for &i in refs.iter() {
                    if let Some(x) = f.get_mut(i as usize) {
                        *x = rename(*x);
                    }
                }
            }
            Node::Record { layout: *layout, fields: f }
        }
        Some(Object::Vector { kind, items }) => {
            let items = if *kind == Kind::Ref { renamed(items) } else { items.clone() };
            Node::Vector { kind: *kind, items }
        }
        Some(Object::Map(m)) => {
            let key = |k: u64| if m.key == Kind::Ref { rename(k) } else { k };
            let val = |v: u64| if m.val == Kind::Ref { rename(v) } else { v };
            let entries = m.keys().iter().zip(m.values()).map(|(&k, &v)| (key(k), val(v))).collect();
            Node::Map { key: m.key, val: m.val, entries }
        }
        Some(Object::Closure { func, caps }) => {
            let caps = caps.iter().enumerate().map(|(i, &x)| if tables.capture_is_ref(*func, i) { rename(x) } else { x }).collect();
            Node::Closure { func: *func, caps }
        }
        Some(Object::Cell { kind, value }) => Node::Cell { kind: *kind, value: if *kind == Kind::Ref { rename(*value) } else { *value } },
        Some(Object::Port { chan, kind, sender }) => Node::Port { chan: *chan, kind: *kind, sender: *sender },
        Some(Object::Task { id, kind }) => Node::Task { id: *id, kind: *kind },
        Some(Object::Socket { id, listener }) => Node::Socket { id: *id, listener: *listener },
        Some(Object::Free) | None => return Err(dangling(h)),
    })
}

/// Rebuilds `p` in `heap`; returns the root value (a fresh handle for a reference).
pub(crate) fn import(heap: &mut Heap, tables: &Tables, p: &Packet) -> Result<u64, Trap> {
    if p.kind != Kind::Ref || p.root == 0 {
        return Ok(p.root);
    }
    // one object that refers to nothing (a spawned closure that captured only numbers,
    // a string): made as it is, without the renaming pass
    if let [only] = &p.nodes[..] {
        match only {
            Node::Closure { func, caps } if (0..caps.len()).all(|i| !tables.capture_is_ref(*func, i)) => {
                return heap.alloc(Object::Closure { func: *func, caps: caps.clone() });
            }
            Node::Str(s) => return heap.new_str(crate::memory::try_string(s)?),
            _ => {}
        }
    }
    // allocate every node with its references still node numbers, then rename them
    let mut handles: SmallVec<[u64; 8]> = SmallVec::new();
    handles.try_reserve_exact(p.nodes.len()).map_err(|_| Trap::Oom)?;
    for n in &p.nodes {
        let h = match n {
            Node::Str(s) => heap.new_str(crate::memory::try_string(s)?)?,
            Node::Record { layout, fields } => heap.new_record(*layout, fields)?,
            Node::Vector { kind, items } => {
                let mut v = heap.items_with_capacity(items.len())?;
                v.extend_from_slice(items);
                heap.new_vector(*kind, v)?
            }
            Node::Map { key, val, .. } => heap.alloc(Object::Map(Box::new(MapObj::new(*key, *val))))?,
            Node::Closure { func, caps } => heap.alloc(Object::Closure { func: *func, caps: caps.clone() })?,
            Node::Cell { kind, value } => heap.alloc(Object::Cell { kind: *kind, value: *value })?,
            // a new end of the same channel (counted through `port_events`)
            Node::Port { chan, kind, sender } => heap.new_port(*chan, *kind, *sender)?,
            Node::Task { id, kind } => heap.new_task_handle(*id, *kind)?,
            // another reference to the same socket (counted through `socket_events`)
            Node::Socket { id, listener } => heap.new_socket(*id, *listener)?,
        };
        handles.push(h);
    }
    let handle = |r: u64| -> Result<u64, Trap> {
        match r {
            0 => Ok(0),
            r => handles.get(r as usize - 1).copied().ok_or_else(|| Trap::Internal(format!("packet names node {r}"))),
        }
    };
    for (n, &h) in p.nodes.iter().zip(&handles) {
        match n {
            Node::Str(_) => {}
            Node::Record { layout, .. } => {
                let refs = tables.layout_refs.get(*layout as usize).map(|r| &r[..]).unwrap_or(&[]);
                for &i in refs {
                    let new = handle(heap.field(h, i)?)?;
                    heap.set_field(h, i, new)?;
                }
            }
            Node::Vector { kind: Kind::Ref, items } => {
                for (i, &r) in items.iter().enumerate() {
                    heap.vec_set(h, i as i64, handle(r)?)?;
                }
            }
            Node::Vector { .. } => {}
            Node::Map { key, val, entries } => {
                let mut m = MapObj::new(*key, *val);
                for &(k, v) in entries {
                    let k = if *key == Kind::Ref { handle(k)? } else { k };
                    let v = if *val == Kind::Ref { handle(v)? } else { v };
                    m.reserve_one().map_err(|_| Trap::Oom)?;
                    m.insert(heap, k, v);
                }
                heap.charge(m.bytes())?;
                if let Some(slot) = heap.get_mut(h) {
                    *slot = Object::Map(Box::new(m));
                }
            }
            Node::Closure { func, .. } => {
                // its reference captures were copied as node numbers: rename them in place
                if let Some(Object::Closure { caps, .. }) = heap.get_mut(h) {
                    for (i, c) in caps.iter_mut().enumerate() {
                        if tables.capture_is_ref(*func, i) {
                            *c = handle(*c)?;
                        }
                    }
                }
            }
            Node::Cell { kind: Kind::Ref, value } => heap.cell_set(h, handle(*value)?)?,
            Node::Cell { .. } | Node::Port { .. } | Node::Task { .. } | Node::Socket { .. } => {}
        }
    }
    handle(p.root)
}

/// Handle -> node number while exporting: a short list for the small graphs most
/// messages and captures are (no hashing, no table allocation), a hash map past that.
#[derive(Default)]
struct Numbering {
    few: SmallVec<[(u64, u64); Numbering::FEW]>,
    many: Option<HashMap<u64, u64, FxBuild>>,
}

impl Numbering {
    const FEW: usize = 16;

    fn get(&self, h: u64) -> Option<u64> {
        match &self.many {
            Some(m) => m.get(&h).copied(),
            None => self.few.iter().find(|(k, _)| *k == h).map(|(_, n)| *n),
        }
    }

    fn insert(&mut self, h: u64, n: u64) {
        match &mut self.many {
            Some(m) => {
                m.insert(h, n);
            }
            None if self.few.len() < Self::FEW => self.few.push((h, n)),
            None => {
                let mut m: HashMap<u64, u64, FxBuild> = self.few.drain(..).collect();
                m.insert(h, n);
                self.many = Some(m);
            }
        }
    }
}

/// Calls `f` with every non-null reference held by object `h`.
fn for_each_ref(heap: &Heap, tables: &Tables, h: u64, mut f: impl FnMut(u64)) -> Result<(), Trap> {
    let mut each = |x: u64| {
        if x != 0 {
            f(x)
        }
    };
    match heap.get(h) {
        Some(Object::Str(_)) => {}
        Some(Object::Record { layout, fields }) => {
            for &i in tables.layout_refs.get(*layout as usize).map(|r| &r[..]).unwrap_or(&[]) {
                if let Some(&x) = fields.get(i as usize) {
                    each(x);
                }
            }
        }
        Some(Object::Vector { kind: Kind::Ref, items }) => items.iter().for_each(|&x| each(x)),
        Some(Object::Vector { .. }) => {}
        Some(Object::Map(m)) => {
            if m.key == Kind::Ref {
                m.keys().iter().for_each(|&x| each(x));
            }
            if m.val == Kind::Ref {
                m.values().iter().for_each(|&x| each(x));
            }
        }
        Some(Object::Closure { func, caps }) => {
            caps.iter().enumerate().filter(|&(i, _)| tables.capture_is_ref(*func, i)).for_each(|(_, &x)| each(x))
        }
        Some(Object::Cell { kind: Kind::Ref, value }) => each(*value),
        Some(Object::Cell { .. } | Object::Port { .. } | Object::Task { .. } | Object::Socket { .. }) => {}
        Some(Object::Free) | None => return Err(dangling(h)),
    }
    Ok(())
}

#[cold]
fn dangling(h: u64) -> Trap {
    Trap::Internal(format!("handle {h} is not a live object (sending a value)"))
}
