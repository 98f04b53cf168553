// exit: 70
// A record printed without a shape from its context (a trait object, the report of an
// unhandled signal, in a coroutine and in the entry) is read by its declared layout's
// shape: bool, char and Duration fields print as Rust prints them.
signal S { b: bool, c: char, took: Duration }
// a signal may carry a signal (any kind): its shape refers to every kind, itself too
signal WRAPPED { fatal: bool, cause: Signal }
struct Q { ok: bool }
trait Show { fn name(&self) -> String; }
impl Show for Q { fn name(&self) -> String { "q".to_string() } }
task<> main() = coroutine {
    let h = spawn async { raise S { b: true, c: '\n', took: Duration::from_millis(5) }; 1 };
    let boxed: Box<dyn Show> = Box::new(Q { ok: true });
    println!("{:?}", boxed);
    println!("{:?}", WRAPPED { fatal: true, cause: WRAPPED { fatal: false, cause: S { b: true, c: 'w', took: Duration::from_micros(3) } } });
    timer::sleep(Duration::from_millis(5)).await;
    raise S { b: false, c: 'x', took: Duration::from_secs(2) };
}
