// exit: 70
// A stage that fails with no alternative left: the stages already done are cleaned up
// (last first), a message names the stage and the signal, and the program ends as for
// any unhandled signal.
signal NO_DISK { path: String }

struct first_stage {
    static void init() { println!("init first"); }
    static void cleanup() { println!("cleanup first"); }
}

struct second_stage {
    static void init() { println!("init second"); }
    static void cleanup() { println!("cleanup second"); }
}

struct disk_stage {
    path: String,
    static void init(path: String) except(NO_DISK) { raise(NO_DISK { path: path }); }
    static void cleanup(path: String) { println!("never cleaned: {}", path); }
}

int app() = default(first_stage{}, second_stage{}, disk_stage{"/mnt/data"}) {
    println!("body never runs");
    return 0;
}
