// exit: 7
// exit(n) ends the program at once with status n; stdout written before it is flushed.
fn finish(code: int) {
    exit(code);
}

fn main() = default {
    println!("before exit");
    finish(7);
    println!("never printed");
}
