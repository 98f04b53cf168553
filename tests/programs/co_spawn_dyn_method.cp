// `spawn x.m(args)` of a trait object's `async` method: the object and the arguments
// are copied into the new coroutine, which makes the virtual call (each implementation
// runs its own `m`).
trait Job {
    async fn run(&self, factor: int) -> String;
}
struct Square { n: int }
struct Greeting { name: String }
impl Job for Square {
    async fn run(&self, factor: int) -> String {
        timer::sleep(Duration::from_millis(2)).await;
        format!("square {}", self.n * self.n * factor)
    }
}
impl Job for Greeting {
    async fn run(&self, factor: int) -> String {
        format!("hello {} x{}", self.name, factor)
    }
}
task<> main() = coroutine {
    let jobs: Vec<Box<dyn Job>> = vec![Box::new(Square { n: 3 }), Box::new(Greeting { name: "cprime".to_string() })];
    let mut handles: Vec<JoinHandle<String>> = Vec::new();
    for j in jobs {
        handles.push(spawn j.run(2));
    }
    for h in handles {
        println!("{}", h.join().await);
    }
}
