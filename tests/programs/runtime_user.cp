// A runtime written in CPrime: init and setup_signals run before the stages, cleanup
// after them; the literal's fields bind to their parameters by name; the capability
// constants (the trait's defaults, and the runtime's own) are compile-time constants.
struct GameEngineRuntime {
    frame_rate: int,
}

impl Runtime for GameEngineRuntime {
    fn init(frame_rate: int) { println!("engine init at {} fps", frame_rate); }
    fn setup_signals() {
        signal(SIGINT, SIG_IGN);
        println!("SIGINT ignored: handled per frame");
    }
    fn cleanup() { println!("engine cleanup"); }
    const HAS_FRAME_BASED_SIGNALS: bool = true;
}

struct assets_stage {
    static void init() { println!("assets loaded"); }
    static void cleanup() { println!("assets unloaded"); }
}

int game() = GameEngineRuntime { frame_rate: 60 } {
    println!("coroutines: {}, frame-based signals: {}",
        GameEngineRuntime::HAS_COROUTINES, GameEngineRuntime::HAS_FRAME_BASED_SIGNALS);
    process::kill(process::id(), SIGINT);
    thread::sleep(Duration::from_millis(1));
    println!("still running after SIGINT");
    return 0;
}

int main() = GameEngineRuntime { frame_rate: 30 } {
    return game();
}
