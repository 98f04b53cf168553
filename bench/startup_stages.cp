// Start-up with five stages (built-in and user), each init a direct call.
struct config_stage {
    path: String,
    static void init(path: String) {}
    static void cleanup(path: String) {}
}

int main() = default(
    logging_stage{stdout},
    globals_stage{},
    heap_stage{.size = 256_MB},
    signal_stage{.graceful_shutdown = true},
    config_stage{"app.toml"}
) {
    println!("ready");
    return 0;
}
