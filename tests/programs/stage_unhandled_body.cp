// exit: 70
// A signal the body does not handle cleans up the stages before it ends the program.
signal FATAL { code: int }

struct res_stage {
    static void init() { println!("acquire"); }
    static void cleanup() { println!("release"); }
}

fn work() except(FATAL) { raise(FATAL { code: 7 }); }

fn main() = default(res_stage{}) {
    work()?;
}
