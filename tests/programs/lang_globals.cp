// const items are folded at compile time; statics are globals, in place before any code runs.
const LIMIT: int = 10 * 10;
const GREETING: String = "hi";
static mut COUNTER: int = 0;
static SCALE: f64 = 2.5;

fn bump() {
    unsafe { COUNTER += 1; }
}

fn main() = default {
    static mut LOCAL_FLAG: sig_atomic_t = 0;
    for _ in 0..3 { bump(); }
    unsafe { LOCAL_FLAG = 1; }
    println!("{} {} {} {} {}", LIMIT, GREETING, unsafe { COUNTER }, SCALE, unsafe { LOCAL_FLAG });
}
