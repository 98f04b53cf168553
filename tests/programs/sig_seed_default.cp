// The seed's default-runtime signal handler examples (options 1-3), with its helper
// functions stubbed and the debug-command match given the `_` arm the seed forgot.
signal ARGUMENT_ERROR { message: String }
signal FILE_ERROR { message: String }
signal SERVICE_ERROR { message: String }
fn dump_metrics() {}
fn do_work() { thread::sleep(Duration::from_millis(1)); }
fn read_debug_command() -> String { "continue".to_string() }
fn dump_program_state() {}
fn work_forever() { println!("working"); }

fn main() = default {
    // Option 1: Quick termination handler
    signal(SIGINT, |sig| {
        write(2, "Interrupted\n", 12);  // Async-safe only
        dump_metrics();
        exit(sig);
    });

    // Option 2: Flag-based handling
    static mut INTERRUPTED: sig_atomic_t = 0;
    signal(SIGINT, |sig| {
        unsafe { INTERRUPTED = 1; }
    });
    process::kill(process::id(), SIGINT);

    // Main work loop with manual checking
    while unsafe { INTERRUPTED } == 0 {
        do_work();
    }

    // Option 3: Interactive debug handler (infinite loop allowed!)
    signal(SIGUSR1, |sig| {
        loop {
            let cmd = read_debug_command();  // Async-safe only
            match cmd {
                "dump" => dump_program_state(),
                "continue" => return,  // Resume normal execution
                "exit" => exit(0),
                _ => {}
            }
        }
    });
    process::kill(process::id(), SIGUSR1);
    work_forever();
}
