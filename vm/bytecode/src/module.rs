//! The in-memory model of a compiled program: what a `.cpb` file holds.
use alloc::string::String;
use alloc::vec::Vec;

use crate::isa::Insn;

/// The kind of a register, field or value slot. Every register has exactly one kind for
/// the whole function, so the interpreter never checks tags and the GC knows which slots
/// hold references.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Kind {
    /// i64, also bool (0/1), char (code point) and every integer type.
    Int = 0,
    /// f64 (and f32, widened).
    Float = 1,
    /// A heap handle (string, record, vector, map, closure, cell) or null.
    Ref = 2,
}

impl Kind {
    pub fn from_u8(b: u8) -> Option<Kind> {
        match b {
            0 => Some(Kind::Int),
            1 => Some(Kind::Float),
            2 => Some(Kind::Ref),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Kind::Int => "int",
            Kind::Float => "float",
            Kind::Ref => "ref",
        }
    }
}

/// What a record layout describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayoutKind {
    Struct,
    Tuple,
    /// A variant of an enum (`Option::Some`): the enum's name and the variant's index.
    Variant { enum_name: String, index: u32 },
    /// A signal kind (`IO_ERROR`); its values are signal objects.
    Signal,
}

/// The shape of a record: name, kind and fields (name + slot kind).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub name: String,
    pub kind: LayoutKind,
    pub fields: Vec<(String, Kind)>,
}

/// A constant-pool entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    Str(String),
}

/// The initial value of a global; globals are in place before any stage runs.
#[derive(Clone, Debug, PartialEq)]
pub enum GlobalInit {
    Int(i64),
    Float(f64),
    /// A string constant (index into the constant pool).
    Str(u32),
    Null,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Global {
    pub name: String,
    pub kind: Kind,
    pub init: GlobalInit,
}

/// Which signals may leave a function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Except {
    /// Only these signal layouts propagate to the caller (`except(A | B)`); runtime faults
    /// listed here propagate too.
    List(Vec<u32>),
    /// Everything propagates: entry bodies and closures.
    Any,
}

/// One row of a function's handler table: a signal of one of `signals` raised while
/// `start <= pc < end` jumps to `target` with the signal object in `reg`. An empty
/// `signals` list catches every signal: the landing pads of `defer` and `destruct`, which
/// run the cleanup and raise the signal again. Rows are ordered innermost first; entering
/// a `catch` executes no instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handler {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub reg: u16,
    pub signals: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    pub name: String,
    /// Index into `Module::files`.
    pub file: u32,
    /// Kinds of the parameters, which occupy registers `0..params.len()`.
    pub params: Vec<Kind>,
    /// For a closure's function: the kinds of the values its closures capture (`MkClo`'s
    /// window, read with `CapGet`). A number is captured as it is, anything shared or
    /// mutable through a cell (a `Ref`). Empty for other functions.
    pub captures: Vec<Kind>,
    /// Kind of the return value; `None` for functions that return nothing.
    pub ret: Option<Kind>,
    /// Kind of every register.
    pub regs: Vec<Kind>,
    pub code: Vec<Insn>,
    pub handlers: Vec<Handler>,
    /// `(first pc, source line)` pairs, sorted by pc.
    pub lines: Vec<(u32, u32)>,
    pub except: Except,
}

impl Function {
    /// The source line of instruction `pc`, 0 if unknown.
    pub fn line_of(&self, pc: u32) -> u32 {
        match self.lines.binary_search_by(|&(p, _)| p.cmp(&pc)) {
            Ok(i) => self.lines[i].1,
            Err(0) => 0,
            Err(i) => self.lines[i - 1].1,
        }
    }
}

/// A stage of an entry point, as written in the source (`logging_stage{"app.log"}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageDecl {
    pub name: String,
    /// The stage literal as written, for `cprime dis` and messages.
    pub text: String,
}

/// An entry point: `SIGNATURE = RUNTIME BLOCK`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub func: u32,
    /// The runtime's name (`default`, `debug_runtime`, `std::CoroutineScheduler`).
    pub runtime: String,
    /// Designated runtime parameters as written (`heap_size`, `4_MB`).
    pub params: Vec<(String, String)>,
    pub stages: Vec<StageDecl>,
    /// Whether the entry takes `args: &[String]`.
    pub takes_args: bool,
    /// For an entry with stages: the function (no parameters) that cleans up the stages
    /// whose init completed; the runtime calls it when the program calls `exit(n)`.
    pub cleanup: Option<u32>,
    /// Its runtime is written in CPrime and declares `HAS_COROUTINES = true`: the entry
    /// runs on the coroutine scheduler, as with a built-in runtime with coroutines.
    pub user_coroutines: bool,
}

impl Entry {
    /// Entry `name` running function `func` on the `default` runtime, without stages,
    /// parameters or arguments (`int main() = default { .. }`).
    pub fn plain(name: &str, func: u32) -> Entry {
        Entry {
            name: name.into(),
            func,
            runtime: "default".into(),
            params: Vec::new(),
            stages: Vec::new(),
            takes_args: false,
            cleanup: None,
            user_coroutines: false,
        }
    }

    /// Whether the entry runs as the first coroutine of a scheduler: its runtime is a
    /// built-in one with coroutines (`coroutine`, `std::CoroutineScheduler`, ..) or a
    /// runtime written in CPrime that declares them.
    pub fn runs_coroutines(&self) -> bool {
        let last = self.runtime.rsplit("::").next().unwrap_or(&self.runtime);
        self.user_coroutines || crate::runtimes::runtime(last).is_some_and(|r| r.has_coroutines)
    }
}

/// A `#[test]` function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestCase {
    pub name: String,
    pub func: u32,
}

/// A `dyn` dispatch row: calling method `slot` on a record of `layout` runs `func`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VTableEntry {
    pub layout: u32,
    pub slot: u32,
    pub func: u32,
}

/// How `{:?}` reads a value the VM's kinds do not describe fully (`DbgT`): a `bool`, a
/// `char`, `()` and a `Duration` are ints to the VM, and inside a vector, map or record nothing else
/// says which one an int is. The compiler describes such a value's static type with
/// shapes (indices into `Module::shapes`; a recursive type refers back to itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// As the value's kind says: ints in decimal, objects by their own layout.
    Plain,
    Bool,
    Char,
    Unit,
    /// A `Duration` (nanoseconds): `1.5s`.
    Duration,
    /// A `u64`: its 64 bits are one unsigned number.
    Unsigned,
    /// A vector whose items have this shape.
    Items(u32),
    /// A map: its keys' shape, its values' shape.
    Entries(u32, u32),
    /// Records: for each layout listed, its fields' shapes (a record of another layout
    /// prints plainly).
    Records(Vec<(u32, Vec<u32>)>),
}

/// A whole compiled program.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Module {
    /// Source file names, for stack traces.
    pub files: Vec<String>,
    pub consts: Vec<Const>,
    /// Record layouts. The first `builtins::LAYOUTS.len()` are the builtin ones, in
    /// order (the verifier checks), so their ids are fixed.
    pub layouts: Vec<Layout>,
    pub globals: Vec<Global>,
    pub functions: Vec<Function>,
    pub entries: Vec<Entry>,
    pub tests: Vec<TestCase>,
    pub vtables: Vec<VTableEntry>,
    /// Names of method slots (`Shape::area`), for the disassembler.
    pub slots: Vec<String>,
    /// Static types for `{:?}` (`DbgT`).
    pub shapes: Vec<Shape>,
    /// The shape of each program-declared record layout (struct, enum variant, signal)
    /// whose fields hold a `bool`, `char`, `()` or `Duration`: (layout, shape). A record
    /// printed without a shape from its context (`DbgR`, a trait object, the report of an
    /// unhandled signal) is read by it.
    pub record_shapes: Vec<(u32, u32)>,
}

impl Module {
    /// An empty module holding the builtin layouts.
    pub fn new() -> Module {
        Module { layouts: crate::builtins::layouts(), ..Module::default() }
    }
    pub fn layout(&self, id: u32) -> Option<&Layout> {
        self.layouts.get(id as usize)
    }
}
