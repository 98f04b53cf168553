// A spawned coroutine inherits the entry's runtime parameters: past `.heap_size` its
// allocation raises OOM, past `.stack_size` its recursion raises STACK_OVERFLOW (with
// the defaults both would succeed here).
fn keep_two_megabytes() except(OOM) -> int {
    let mut v = Vec::new();
    for _ in 0..200 {
        v.push("0123456789".repeat(1000));
    }
    v.len()
}

fn depth(n: int) except(STACK_OVERFLOW) -> int {
    if n == 0 { 0 } else { depth(n - 1)? + 1 }
}

task<> main() = coroutine(.heap_size = 1_MB, .stack_size = 64_KB) {
    let h = spawn async {
        let heap = catch(OOM) { keep_two_megabytes()? } recover { -1 };
        let stack = catch(STACK_OVERFLOW) { depth(20_000)? } recover { -2 };
        heap * 10 + stack
    };
    println!("{}", h.join().await);
}
