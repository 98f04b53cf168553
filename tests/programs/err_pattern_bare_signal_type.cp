// exit: 1
// A bare signal name as a pattern on a value that cannot hold that signal is a type
// error, as the path form `crate::A` is (it compiled into bytecode that did not verify,
// or failed in the VM).
signal A;
fn f(n: int) -> int { match n { A => 1, _ => 2 } }
fn main() = default { println!("{}", f(1)); }
