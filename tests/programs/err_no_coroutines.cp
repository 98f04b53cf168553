// exit: 1
// Coroutine syntax under a runtime whose HAS_COROUTINES is false is a compile error;
// a user runtime's capability constants count too.
struct Tiny { n: int }
impl Runtime for Tiny {
    const HAS_COROUTINES: bool = false;
}

fn main() = default {
    let h = spawn async { 1 };
}

fn other() = Tiny { n: 1 } {
    let v = other_task().await;
}

async fn other_task() -> int { 1 }
