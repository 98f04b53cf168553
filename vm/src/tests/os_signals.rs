//! `signal(SIG, handler)`: handlers entered at safepoints, sleeps resumed after them.
use cprime_bytecode::module::{GlobalInit, Kind};

use super::*;
use crate::{Limits, Outcome};

/// `main` installs `handler` for SIGUSR1 (10), which adds the signal number to global
/// `hits`, then runs `body`; `main` returns `hits`.
fn module_with_handler(body: &str) -> Module {
    let mut b = ModB::new();
    b.global("hits", Kind::Int, GlobalInit::Int(0));
    b.func(
        "main",
        "",
        "i",
        "iririi",
        &format!(
            "
            LdI r2 10
            MkClo r3 handler r0 0
            CallNat r0 SignalHandle r2 2
            {body}
            GGet r0 hits
            Ret r0"
        ),
    );
    b.func("handler", "ri", "", "i", "GGet r2 hits\n AddI r2 r2 r1\n GSet hits r2\n Ret0");
    b.build()
}

fn run_host(m: Module, host: &mut TestHost) -> Outcome {
    let main = func_index(&m, "main");
    let mut vm = Vm::new(m).unwrap_or_else(|e| panic!("verify: {e}"));
    vm.set_limits(Limits::default());
    vm.run(main, None, host)
}

#[test]
fn a_handler_runs_after_the_native_that_raised_its_signal() {
    // kill(self, SIGUSR1): the handler runs at the safepoint right after the call
    let m = module_with_handler("LdI r4 1\n LdI r5 10\n CallNat r4 ProcessKill r4 2");
    let mut host = TestHost::default();
    assert_eq!(run_host(m, &mut host), Outcome::Returned(Some(10)));
    assert_eq!(host.installed, vec![10]);
}

#[test]
fn an_interrupted_sleep_runs_the_handler_then_sleeps_the_rest() {
    let m = module_with_handler("LdI r4 1000\n CallNat r5 SleepNs r4 1");
    let mut host = TestHost { interrupt_next_sleep: Some((10, 600)), ..TestHost::default() };
    assert_eq!(run_host(m, &mut host), Outcome::Returned(Some(10)));
    assert_eq!(host.sleeps, vec![1000, 600]);
}

#[test]
fn a_signal_without_a_handler_is_dropped() {
    let m = module_with_handler("LdI r4 1000\n CallNat r5 SleepNs r4 1");
    let mut host = TestHost { interrupt_next_sleep: Some((12, 400)), ..TestHost::default() };
    assert_eq!(run_host(m, &mut host), Outcome::Returned(Some(0)));
    assert_eq!(host.sleeps, vec![1000, 400]);
}

#[test]
fn a_signal_that_cannot_be_handled_is_a_panic() {
    let mut b = ModB::new();
    b.func("main", "", "", "iiri", "LdI r1 9\n MkClo r2 h r0 0\n CallNat r3 SignalHandle r1 2\n Ret0");
    b.func("h", "ri", "", "", "Ret0");
    let mut host = TestHost::default();
    match run_host(b.build(), &mut host) {
        Outcome::Panic(text) => assert!(text.contains("cannot install a handler for signal 9"), "{text}"),
        o => panic!("{o:?}"),
    }
}

#[test]
fn a_sleep_abandoned_by_a_raise_does_not_shorten_a_later_one() {
    // the handler raises; main catches it around the first sleep, then sleeps again
    let mut b = ModB::new();
    let main = b.func(
        "main",
        "",
        "i",
        "iririrr",
        "
        LdI r2 10
        MkClo r3 faulty r0 0
        CallNat r0 SignalHandle r2 2
      try:
        LdI r4 1000
        CallNat r5 SleepNs r4 1
      caught:
        LdI r4 1000
        CallNat r5 SleepNs r4 1
        LdI r0 7
        Ret r0",
    );
    b.handler(main, "try", "caught", "caught", 6, &[cprime_bytecode::builtins::DIVIDE_BY_ZERO]);
    b.func("faulty", "ri", "", "i", "LdI r2 0\n DivI r2 r1 r2\n Ret0");
    let mut host = TestHost { interrupt_next_sleep: Some((10, 600)), ..TestHost::default() };
    assert_eq!(run_host(b.build(), &mut host), Outcome::Returned(Some(7)));
    assert_eq!(host.sleeps, vec![1000, 1000]);
}
