//! Builtin record layouts with fixed ids: `Option`, `Result`, the unit tuple, runtime
//! faults and OS signals. The compiler refers to them by these ids; every module starts
//! with exactly these layouts.
use alloc::string::String;
use alloc::vec::Vec;

use crate::module::{Kind, Layout, LayoutKind};

/// How a builtin layout is written down.
pub struct BuiltinLayout {
    pub name: &'static str,
    /// `Some(("Option", 1))` for an enum variant.
    pub variant: Option<(&'static str, u32)>,
    pub signal: bool,
    pub fields: &'static [(&'static str, Kind)],
}

const fn variant(name: &'static str, en: &'static str, i: u32, fields: &'static [(&'static str, Kind)]) -> BuiltinLayout {
    BuiltinLayout { name, variant: Some((en, i)), signal: false, fields }
}
const fn signal(name: &'static str, fields: &'static [(&'static str, Kind)]) -> BuiltinLayout {
    BuiltinLayout { name, variant: None, signal: true, fields }
}

pub const NONE: u32 = 0;
pub const SOME_I: u32 = 1;
pub const SOME_F: u32 = 2;
pub const SOME_R: u32 = 3;
pub const OK_I: u32 = 4;
pub const OK_F: u32 = 5;
pub const OK_R: u32 = 6;
pub const ERR_I: u32 = 7;
pub const ERR_F: u32 = 8;
pub const ERR_R: u32 = 9;
pub const UNIT: u32 = 10;
pub const DIVIDE_BY_ZERO: u32 = 11;
pub const INDEX_ERROR: u32 = 12;
pub const OOM: u32 = 13;
pub const STACK_OVERFLOW: u32 = 14;
pub const IO_ERROR: u32 = 15;
pub const PARSE_ERROR: u32 = 16;
/// The first OS signal layout; OS signals follow in `OS_SIGNALS` order.
pub const FIRST_OS_SIGNAL: u32 = 17;

/// OS signals known to the language, with their Linux numbers.
pub const OS_SIGNALS: &[(&str, i32)] = &[
    ("SIGINT", 2),
    ("SIGTERM", 15),
    ("SIGHUP", 1),
    ("SIGQUIT", 3),
    ("SIGUSR1", 10),
    ("SIGUSR2", 12),
    ("SIGPIPE", 13),
    ("SIGALRM", 14),
    ("SIGCHLD", 17),
    ("SIGWINCH", 28),
    ("SIGKILL", 9),
    ("SIGSTOP", 19),
    ("SIGCONT", 18),
];

/// The OS signals a coroutine scheduler's signal thread owns, so the ones
/// `scheduler.handle(..)` takes: every catchable one above but `SIGPIPE` (left ignored:
/// a write to a closed socket is an `EPIPE` error where it happens) and `SIGCONT` (the
/// OS resumes a stopped process with it). runtimes/src/signal_thread.rs `MANAGED`.
pub const SCHEDULER_SIGNALS: &[i32] = &[2, 15, 1, 3, 10, 12, 14, 17, 28];

use Kind::{Int as I, Float as F, Ref as R};

/// The builtin layouts, in id order (OS signals are appended by `layouts()`).
pub const LAYOUTS: &[BuiltinLayout] = &[
    variant("None", "Option", 0, &[]),
    variant("Some", "Option", 1, &[("0", I)]),
    variant("Some", "Option", 1, &[("0", F)]),
    variant("Some", "Option", 1, &[("0", R)]),
    variant("Ok", "Result", 0, &[("0", I)]),
    variant("Ok", "Result", 0, &[("0", F)]),
    variant("Ok", "Result", 0, &[("0", R)]),
    variant("Err", "Result", 1, &[("0", I)]),
    variant("Err", "Result", 1, &[("0", F)]),
    variant("Err", "Result", 1, &[("0", R)]),
    BuiltinLayout { name: "()", variant: None, signal: false, fields: &[] },
    signal("DIVIDE_BY_ZERO", &[]),
    signal("INDEX_ERROR", &[("index", I), ("len", I)]),
    signal("OOM", &[]),
    signal("STACK_OVERFLOW", &[]),
    signal("IO_ERROR", &[("path", R), ("error_code", I), ("message", R)]),
    signal("PARSE_ERROR", &[("message", R)]),
];

/// Runtime faults: raised by operations themselves, exempt from the static signal checks.
pub const FAULTS: &[u32] = &[DIVIDE_BY_ZERO, INDEX_ERROR, OOM, STACK_OVERFLOW];

/// `Some` layout for a payload kind.
pub fn some(k: Kind) -> u32 {
    match k { I => SOME_I, F => SOME_F, R => SOME_R }
}
pub fn ok(k: Kind) -> u32 {
    match k { I => OK_I, F => OK_F, R => OK_R }
}
pub fn err(k: Kind) -> u32 {
    match k { I => ERR_I, F => ERR_F, R => ERR_R }
}

/// The layout id of an OS signal by Linux number.
pub fn os_signal_layout(signo: i32) -> Option<u32> {
    OS_SIGNALS.iter().position(|&(_, n)| n == signo).map(|i| FIRST_OS_SIGNAL + i as u32)
}

/// The name of an OS signal by Linux number (`SIGTERM`), for messages.
pub fn os_signal_name(signo: i32) -> Option<&'static str> {
    OS_SIGNALS.iter().find(|&&(_, n)| n == signo).map(|&(name, _)| name)
}

/// The Linux number of an OS signal layout.
pub fn os_signal_number(layout: u32) -> Option<i32> {
    let i = layout.checked_sub(FIRST_OS_SIGNAL)? as usize;
    OS_SIGNALS.get(i).map(|&(_, n)| n)
}

/// All builtin layouts as module layouts, in id order.
pub fn layouts() -> Vec<Layout> {
    let mut v: Vec<Layout> = LAYOUTS
        .iter()
        .map(|b| Layout {
            name: String::from(b.name),
            kind: match (b.variant, b.signal) {
                (Some((e, i)), _) => LayoutKind::Variant { enum_name: String::from(e), index: i },
                (None, true) => LayoutKind::Signal,
                (None, false) => LayoutKind::Tuple,
            },
            fields: b.fields.iter().map(|&(n, k)| (String::from(n), k)).collect(),
        })
        .collect();
    for &(name, _) in OS_SIGNALS {
        v.push(Layout { name: String::from(name), kind: LayoutKind::Signal, fields: Vec::new() });
    }
    v
}

/// Number of builtin layouts.
pub fn count() -> usize {
    LAYOUTS.len() + OS_SIGNALS.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn ids_match_table() {
        let l = layouts();
        assert_eq!(l[NONE as usize].name, "None");
        assert_eq!(l[INDEX_ERROR as usize].name, "INDEX_ERROR");
        assert_eq!(l[PARSE_ERROR as usize].name, "PARSE_ERROR");
        assert_eq!(l[FIRST_OS_SIGNAL as usize].name, "SIGINT");
        assert_eq!(os_signal_number(os_signal_layout(15).unwrap()), Some(15));
        assert_eq!(l.len(), count());
    }
}
