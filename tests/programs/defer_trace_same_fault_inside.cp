// exit: 70
// A `defer` that catches the same signal object inside (a fault's, which a state
// raises as one object) does not end the cleanup: the report still starts where the
// signal was first raised. (The pad's closing raise is told by where it is, not by
// which object it raises.)
int zero() { return 0; }
int deep() except(DIVIDE_BY_ZERO) { return 10 / zero(); }
int middle() except(DIVIDE_BY_ZERO) {
    defer {
        let r = catch(DIVIDE_BY_ZERO) { 5 / zero() } recover { -1 };
        println!("defer caught: {}", r);
    }
    return deep()?;
}
int main() = default {
    println!("{}", middle()?);
    return 0;
}
