// cmd: check
// exit: 1
// `spawn` takes an `async` block or a call of a free `async fn`; a call of a plain
// function, a method call (not supported yet) or anything else is an error that says
// what to write.
fn plain(n: int) -> int { n }
struct Obj { n: int }
impl Obj {
    async fn work(&self, k: int) -> int { self.n + k }
}
task<> main() = coroutine {
    let h = spawn plain(1);
    let k = spawn 5;
    let o = Obj { n: 1 };
    let m = spawn o.work(2);
}
