// cmd: check
// exit: 1
// `spawn` takes an `async` block or a call of an `async fn` or `async` method; a call
// of a plain function or method (a trait object's too), a library method or anything
// else is an error that says what to write.
fn plain(n: int) -> int { n }
fn plain_unit() -> int { 1 }
signal BAD;
async fn risky() -> int except(BAD) { 1 }
struct Obj { n: int }
impl Obj {
    async fn work(&self, k: int) -> int { self.n + k }
    fn plain(&self) -> int { self.n }
}
trait Job { async fn go(&self) -> int; fn sync_go(&self) -> int; }
impl Job for Obj { async fn go(&self) -> int { self.n } fn sync_go(&self) -> int { self.n } }
task<> main() = coroutine {
    let h = spawn plain(1);
    let k = spawn 5;
    let o = Obj { n: 1 };
    let m = spawn o.work(2);
    let p = spawn o.plain();
    let j: Box<dyn Job> = Box::new(Obj { n: 2 });
    let q = spawn j.go();
    let q2 = spawn j.sync_go();
    let (tx, rx) = channel::<int>(1);
    let r = spawn rx.recv();
    let t = spawn risky()?;
    let u = spawn plain_unit;
}
