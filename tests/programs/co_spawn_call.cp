// `spawn f(args)` of an `async fn` (as the seed's `spawn cluster_heartbeat_monitor();`,
// Tokio's `spawn(f(args))`): the arguments are evaluated in the spawner, the call runs in
// the new coroutine; its result is joined, a signal it ends with raised in the joiner.
signal BAD { code: int }
struct Job { id: int, name: String, weight: f64 }
async fn work(job: Job, results: Sender<String>) -> int {
    timer::sleep(Duration::from_millis(job.id * 2)).await;
    results.send(format!("{} {} {:.1}", job.id, job.name, job.weight)).await;
    job.id * 10
}
async fn fail(code: int) -> int except(BAD) {
    raise BAD { code: code };
}
fn next(n: int) -> int {
    println!("argument evaluated in the spawner: {}", n);
    n
}
async fn nothing() {}
task<> main() = coroutine {
    // spawned first: coroutine 1 in the report, however soon the others' ids recycle
    let f = spawn fail(7);
    let (tx, rx) = channel::<String>(4);
    let a = spawn work(Job { id: next(1), name: "one".to_string(), weight: 0.5 }, tx.clone());
    println!("spawned");
    let b = spawn work(Job { id: 2, name: "two".to_string(), weight: 1.5 }, tx);
    println!("{} {}", a.join().await, b.join().await);
    println!("{:?} {:?} {:?}", rx.recv().await, rx.recv().await, rx.recv().await);
    catch(BAD) {
        f.join().await;
    } recover {
        println!("joined a failure: {:?}", current_signal());
    }
    let n = spawn nothing();
    n.join().await;
    println!("done");
}
