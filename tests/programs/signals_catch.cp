// catch/recover: a signal raised in the body (or propagated from a callee that declares
// it with except) jumps to recover; the construct is an expression.
signal TOO_BIG { value: int }

fn check(n: int) except(TOO_BIG) -> int {
    if n > 10 {
        raise(TOO_BIG { value: n });
    }
    n
}

fn main() = default {
    let a = catch(TOO_BIG) { check(5)? } recover { -1 };
    let b = catch(TOO_BIG) { check(50)? } recover {
        match current_signal() {
            TOO_BIG(e) => e.value * 2,
        }
    };
    println!("{} {}", a, b);
    let c = catch(DIVIDE_BY_ZERO) { 1 / (a - 5) } recover { 0 };
    println!("{}", c);
}
