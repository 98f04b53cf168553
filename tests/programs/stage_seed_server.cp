// flags: --entry server
// The seed's staged server entry (network on a free port, log on stdout) and its
// parameterized default runtime, with run_server stubbed.
int run_server() { println!("serving"); return 0; }
void run_application() { println!("app"); }

int app() = default(
    .heap_size = 4_MB,
    .stack_size = 64_KB
) {
    run_application();
    return 0;
}

int server() = production_runtime(
    heap_stage{.size = 1_GB},           // 1. Initialize heap
    logging_stage{stdout},              // 2. Setup logging
    globals_stage{},                     // 3. Run constructors
    network_stage{.port = 0},         // 4. Initialize network
    signal_stage{.defer = true}          // 5. Setup signals
) {
    // User code runs after all stages complete
    return run_server();
}
