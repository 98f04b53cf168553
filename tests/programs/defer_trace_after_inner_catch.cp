// The report of a signal a `defer` cleaned up after starts where the signal was first
// raised, also when the `defer` raised and caught another signal on the way.
// exit: 70
signal OOPS;
signal INNER;
void deep() except(OOPS) { raise OOPS; }
void middle() except(OOPS) {
    defer {
        let r = catch(INNER) { raise INNER; 0 } recover { 1 };
        println!("defer caught INNER: {}", r);
    }
    deep()?;
}
int main() = default {
    middle()?;
    return 0;
}
