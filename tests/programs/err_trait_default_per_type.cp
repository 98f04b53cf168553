// exit: 1
// A default method compiled for two types reports its error for each (the messages
// differ only in their labels); identical errors from code compiled twice, such as a
// `defer` block, are reported once (err_defer_leave.cp).
struct A { x: int }
struct B { y: String }
trait T {
    fn me(&self) -> int { let z: int = *self; z }
}
impl T for A {}
impl T for B {}
fn main() = default {
    let a = A { x: 1 };
    println!("{}", a.me());
}
