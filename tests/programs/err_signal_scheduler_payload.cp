// exit: 1
// A signal's payload is printed when the signal goes unhandled; a `CoroutineScheduler`
// (a handle on the running scheduler) has no text form, so it cannot be one, nor be
// anywhere inside one (a struct's field, an enum's, a vector's element, a payload
// signal's field): each would print as a number.
struct Holder { s: CoroutineScheduler, n: int }
enum Maybe { Has(Holder), Nothing }
struct Fine { n: int, names: Vec<String> }
signal HOLD { s: CoroutineScheduler, n: int }
signal NESTED { h: Holder }
signal DEEP { m: Vec<Maybe>, ok: Fine }
signal CARRIES { inner: HOLD }

task<> main() = coroutine {
    raise(HOLD { s: CoroutineScheduler::new(), n: 4 });
}
