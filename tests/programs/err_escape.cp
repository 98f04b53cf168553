// exit: 1
signal LEAK;
fn helper() -> int { raise(LEAK); }
fn caller() except(LEAK) -> int { helper2()? }
fn helper2() except(LEAK) -> int { 1 }
fn other() -> int { helper2()? }
fn main() = default { println!("{}", helper() + caller() + other()); }
