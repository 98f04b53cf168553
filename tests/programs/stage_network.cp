// network_stage binds a real TCP listener on 127.0.0.1; a busy port fails the stage
// cleanly (IO_ERROR) and its catch alternative runs instead.
static mut HELD_PORT: int = 0;

/// Holds a listener on a free port, so that port is busy for the next stage.
struct squatter_stage {
    static void init() except(IO_ERROR) {
        let l = net::listen("127.0.0.1", 0)?;
        unsafe { HELD_PORT = net::local_port(l); }
    }
}

fn held_port() -> int { unsafe { HELD_PORT } }

fn main() = default(
    squatter_stage{},
    network_stage{.port = held_port()} catch {
        println!("port busy: falling back to a free port");
        network_stage{.port = 0}
    }
) {
    let p = network_port();
    println!("listening: {}", p > 0 && p != held_port());
}
