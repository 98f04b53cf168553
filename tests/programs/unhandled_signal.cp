// exit: 70
// stderr: unhandled signal QUIT_NOW
// A user signal escaping the entry point is unhandled: report on stderr, exit 70.
signal QUIT_NOW;

fn main() = default {
    println!("raising");
    raise(QUIT_NOW);
}
