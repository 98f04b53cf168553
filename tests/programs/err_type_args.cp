// cmd: check
// exit: 1
// Type arguments are counted: a library type given too few or too many is an error
// that shows the right form (a bare `Sender` used to be `Sender<()>`, its error landing
// on the first `send`), and so are type arguments to the program's own types (generic
// types are not supported yet). Calls are counted too.
struct Point { x: int }
fn take(tx: Sender, v: Vec<int, int>, m: HashMap<String>, p: Point<int>) {}
task<int, String> main() = coroutine {
    let (tx, rx) = channel::<int, int>(1);
    let h: JoinHandle<int, bool> = spawn async { 1 };
    let r: Result<int, String, bool> = Ok(1);
    let n: int<int> = 1;
    drop(tx, rx);
    drop();
    let s = CoroutineScheduler::new(4);
}
