// A runtime written in CPrime that declares `HAS_COROUTINES = true` runs its entry on
// the coroutine scheduler: channels, spawn and join work as under `coroutine`, and the
// runtime's init and cleanup run around the entry.
struct GameRuntime {
    frame_rate: int,
}

impl Runtime for GameRuntime {
    fn init(frame_rate: int) { println!("init at {} fps", frame_rate); }
    fn cleanup() { println!("runtime cleanup"); }
    const HAS_COROUTINES: bool = true;
}

fn main() = GameRuntime { frame_rate: 60 } {
    let (tx, rx) = channel::<int>(1);
    let h = spawn async {
        tx.send(5).await;
        6
    };
    println!("{:?} {}", rx.recv().await, h.join().await);
    println!("alive {}", CoroutineScheduler::new().alive());
}
