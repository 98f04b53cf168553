// exit: 1
// Coroutine syntax under a runtime that has coroutines, or outside any entry, needs the
// coroutine runtime, which is not built yet.
fn main() = coroutine {
    let h = spawn async { 1 };
}
fn helper() -> int {
    let v = other().await;
    v
}
fn other() -> int { 1 }
