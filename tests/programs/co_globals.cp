// Globals are per coroutine: each starts from the initial values, string statics
// included, and a change in one coroutine is not seen by another.
static mut GREETING: String = "hello";
static mut COUNT: int = 1;

task<> main() = coroutine {
    GREETING = "changed by the entry";
    COUNT = 100;
    let h = spawn async {
        let before = format!("{} {}", GREETING, COUNT);
        GREETING = "changed by the coroutine";
        COUNT += 1;
        format!("{} / {} {}", before, GREETING, COUNT)
    };
    println!("{}", h.join().await);
    println!("{} {}", GREETING, COUNT);
}
