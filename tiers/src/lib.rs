//! Execution tiers behind one seam.
//!
//! Every way of running CPrime code goes through [`execute`]: the runtimes (`default`,
//! the coroutine scheduler, `test_runtime`, ...) decide *when* and *with what host* a
//! function runs; the tier decides *how* its bytecode is executed. Keeping that choice in
//! one function means a runtime never needs to know which tiers exist, and adding a tier
//! touches this crate only.
//!
//! Today only the interpreter exists (`cprime_vm::Vm::run`). The planned tiers:
//!
//! * **baseline**: a dynasm template JIT on x86-64; hot functions (call and back-edge
//!   counters) are compiled one instruction template at a time.
//! * **opt**: Cranelift for the hottest functions.
//! * **auto**: start in the interpreter and tier up by hotness. Until a JIT exists this is
//!   the interpreter.
//!
//! Every tier must give identical results on every program; the program test harness and
//! the conformance runner run the whole suite once per tier (`CPRIME_TIERS`) to check it.
//! Asking for a tier that is not built is an error, never a silent fallback, so a
//! differential test can't pass by accident.
use core::fmt;
use core::str::FromStr;

use cprime_vm::{Host, Outcome, Vm};

/// How bytecode is executed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Tier {
    /// The bytecode interpreter only.
    Interp,
    /// The baseline (template) JIT for every function.
    Baseline,
    /// The optimizing (Cranelift) JIT for every function.
    Opt,
    /// Interpret, then tier up hot functions (the default).
    #[default]
    Auto,
}

impl Tier {
    /// Every tier, in the order `--tier` lists them.
    pub const ALL: [Tier; 4] = [Tier::Interp, Tier::Baseline, Tier::Opt, Tier::Auto];

    /// The name `--tier` accepts.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Interp => "interp",
            Tier::Baseline => "baseline",
            Tier::Opt => "opt",
            Tier::Auto => "auto",
        }
    }

    /// Whether this build can execute code in this tier.
    pub fn is_available(self) -> bool {
        matches!(self, Tier::Interp | Tier::Auto)
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `--tier` got a name that is not a tier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownTier(pub String);

impl fmt::Display for UnknownTier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown tier `{}` (expected one of: interp, baseline, opt, auto)", self.0)
    }
}

impl std::error::Error for UnknownTier {}

impl FromStr for Tier {
    type Err = UnknownTier;
    fn from_str(s: &str) -> Result<Tier, UnknownTier> {
        Tier::ALL.into_iter().find(|t| t.name() == s).ok_or_else(|| UnknownTier(s.to_string()))
    }
}

/// Why a tier could not run the code at all (as opposed to the program failing, which is
/// an [`Outcome`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TierError {
    /// The tier is part of the design but not built yet.
    NotBuilt(Tier),
}

impl fmt::Display for TierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TierError::NotBuilt(Tier::Baseline) => {
                f.write_str("the baseline JIT tier is not built yet; use --tier=interp or auto")
            }
            TierError::NotBuilt(Tier::Opt) => {
                f.write_str("the optimizing JIT tier is not built yet; use --tier=interp or auto")
            }
            TierError::NotBuilt(t) => write!(f, "the {t} tier is not built yet; use --tier=interp or auto"),
        }
    }
}

impl std::error::Error for TierError {}

/// Runs function `func` of the VM's module in `tier`, with `args` as the program
/// arguments (only for entries that take them) and `host` for everything OS-facing.
///
/// This is the only place that calls into an execution engine; runtimes call this.
pub fn execute(
    vm: &mut Vm,
    func: u32,
    args: Option<&[String]>,
    host: &mut dyn Host,
    tier: Tier,
) -> Result<Outcome, TierError> {
    match tier {
        // `Auto` tiers up by hotness once a JIT exists; until then it interprets.
        Tier::Interp | Tier::Auto => Ok(vm.run(func, args, host)),
        Tier::Baseline | Tier::Opt => Err(TierError::NotBuilt(tier)),
    }
}

/// Runs `func` as the first coroutine of the coroutine scheduler (`Vm::run_coroutines`),
/// in the tier asked for.
pub fn execute_coroutines(
    vm: &mut Vm,
    func: u32,
    args: Option<&[String]>,
    host: &mut dyn Host,
    tier: Tier,
    opts: cprime_vm::co::CoOptions,
    workers: Vec<Box<dyn Host + Send>>,
) -> Result<Outcome, TierError> {
    match tier {
        Tier::Interp | Tier::Auto => Ok(vm.run_coroutines_on(func, args, host, opts, workers)),
        Tier::Baseline | Tier::Opt => Err(TierError::NotBuilt(tier)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cprime_bytecode::isa::{Imm, Rx, Wi};
    use cprime_bytecode::{Except, Function, Insn, Kind, Module};
    use cprime_vm::NullHost;

    /// `fn answer() -> int { 42 }`, written by hand.
    fn answer() -> Module {
        let mut m = Module::new();
        m.files.push("answer.cp".into());
        m.functions.push(Function {
            name: "answer".into(),
            file: 0,
            params: vec![],
            captures: vec![],
            ret: Some(Kind::Int),
            regs: vec![Kind::Int],
            code: vec![Insn::LdI { a: Wi(0), v: Imm(42) }, Insn::Ret { v: Rx(0) }],
            handlers: vec![],
            lines: vec![(0, 1)],
            except: Except::Any,
        });
        m
    }

    #[test]
    fn interp_and_auto_run_the_interpreter() {
        for tier in [Tier::Interp, Tier::Auto] {
            let mut vm = Vm::new(answer()).expect("verifies");
            let out = execute(&mut vm, 0, None, &mut NullHost::default(), tier);
            assert_eq!(out, Ok(Outcome::Returned(Some(42))), "{tier}");
        }
    }

    #[test]
    fn jit_tiers_are_an_error_not_a_fallback() {
        for tier in [Tier::Baseline, Tier::Opt] {
            let mut vm = Vm::new(answer()).expect("verifies");
            let out = execute(&mut vm, 0, None, &mut NullHost::default(), tier);
            assert_eq!(out, Err(TierError::NotBuilt(tier)));
        }
    }

    #[test]
    fn names_roundtrip() {
        for t in Tier::ALL {
            assert_eq!(t.name().parse::<Tier>(), Ok(t));
            assert_eq!(t.to_string(), t.name());
        }
        assert_eq!(Tier::default(), Tier::Auto);
    }

    #[test]
    fn unknown_tier_lists_the_valid_ones() {
        let e = "warp".parse::<Tier>().unwrap_err();
        assert_eq!(e.to_string(), "unknown tier `warp` (expected one of: interp, baseline, opt, auto)");
    }

    #[test]
    fn unbuilt_tiers_say_what_to_use() {
        assert_eq!(
            TierError::NotBuilt(Tier::Baseline).to_string(),
            "the baseline JIT tier is not built yet; use --tier=interp or auto"
        );
        assert!(TierError::NotBuilt(Tier::Opt).to_string().contains("--tier=interp"));
        assert!(Tier::Interp.is_available() && !Tier::Opt.is_available());
    }
}
