// exit: 70
// A coroutine's fault signals (DIVIDE_BY_ZERO, STACK_OVERFLOW) are made when first
// raised: caught twice they are the same kind each time, and one escaping ends the
// coroutine and its joiner with the usual report.
fn deep(n: int) -> int except(STACK_OVERFLOW) { deep(n + 1)? + 1 }

task<> main() = coroutine {
    let h = spawn async {
        let z = 0;
        let a = catch(DIVIDE_BY_ZERO) { 10 / z } recover { -1 };
        let b = catch(DIVIDE_BY_ZERO) { 20 / z } recover { -2 };
        let c = catch(STACK_OVERFLOW) { deep(0)? } recover { -4 };
        a + b + c
    };
    println!("{}", h.join().await);
    let k = spawn async { let z = 0; 5 / z };
    println!("{}", k.join().await);
}
