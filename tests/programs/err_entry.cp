// exit: 1
// Entry errors: an entry takes no parameters or `args: &[String]`; a three-class stage
// needs `construct` in its functional class.
class Pool { size: int, constructed_by: PoolOps }
functional class PoolOps {
    fn destruct(p: Pool) { println!("bye"); }
}
fn main(count: int, verbose: bool) = default {
    println!("{}", count);
}
fn pooled() = default(Pool{.size = 1}) {
    println!("body");
}
