// The seed's Game Engine Runtime example, with its game functions stubbed: a runtime
// written in CPrime around a frame loop whose GAME_ERROR is caught per frame.
signal GAME_ERROR { message: String }
struct ThreadHandle { id: int }
fn init_graphics_system() { println!("graphics up"); }
fn init_audio_system() {}
fn spawn_render_thread() {}
fn spawn_audio_thread() {}
fn shutdown_audio_system() {}
fn shutdown_graphics_system() { println!("graphics down"); }
fn check_signals_this_frame() {}
fn maintain_frame_rate(fps: int) { thread::sleep(Duration::from_millis(1000 / fps)); }
struct Game { frames: int }
impl Game {
    fn update(&mut self, dt: f32) except(GAME_ERROR) {
        self.frames += 1;
        if self.frames == 3 { raise(GAME_ERROR { message: "boom".to_string() }); }
    }
    fn render(&mut self) except(GAME_ERROR) {}
    fn handle_error(&mut self, e: GAME_ERROR) { println!("error: {}", e.message); }
    fn render_error_screen(&mut self) {}
}
fn initialize_game() -> Game { Game { frames: 0 } }

// Game-specific runtime with frame-based signal handling
struct GameEngineRuntime {
    frame_rate: u32,
    render_thread: Option<ThreadHandle>,
    audio_thread: Option<ThreadHandle>,
}

impl Runtime for GameEngineRuntime {
    fn init() {
        init_graphics_system();
        init_audio_system();
        spawn_render_thread();
        spawn_audio_thread();
    }

    fn setup_signals() {
        signal(SIGINT, SIG_IGN);  // Handle in game loop
        signal(SIGUSR1, SIG_IGN); // Debug commands handled per-frame
    }

    const HAS_COROUTINES: bool = false;
    const HAS_FRAME_BASED_SIGNALS: bool = true;

    fn cleanup() {
        shutdown_audio_system();
        shutdown_graphics_system();
    }
}

fn main() = GameEngineRuntime { frame_rate: 60 } {
    let mut game = initialize_game();
    let mut last_frame = SystemTime::now();

    loop {
        check_signals_this_frame();

        let now = SystemTime::now();
        let delta_time = now.duration_since(last_frame).as_secs_f32();
        last_frame = now;

        catch(GAME_ERROR) {
            game.update(delta_time)?;
            game.render()?;
        } recover {
            game.handle_error(current_signal());
            game.render_error_screen();
        }

        maintain_frame_rate(60);
        if game.frames == 5 { exit(0); }
    }
}
