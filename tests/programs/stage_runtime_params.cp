// default(.heap_size = N, .stack_size = N): allocation past the heap size raises OOM,
// recursion past the stack size raises STACK_OVERFLOW; both can be caught.
fn hog() except(OOM) -> int {
    let mut v = Vec::new();
    loop { v.push("0123456789".repeat(100)); }
}

fn depth(n: int) except(STACK_OVERFLOW) -> int {
    if n == 0 { 0 } else { depth(n - 1)? + 1 }
}

int main() = default(.heap_size = 1_MB, .stack_size = 64_KB) {
    println!("{}", catch(OOM) { hog()? } recover { -1 });
    println!("{}", depth(100)?);
    println!("{}", catch(STACK_OVERFLOW) { depth(100_000)? } recover { -2 });
    return 0;
}
