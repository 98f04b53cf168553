// exit: 1
// An impl's method must have its trait declaration's signature (receiver, parameter
// and result types, `async`): a call through `dyn` passes what the declaration says.
trait Shape {
    fn area(&self) -> int;
    fn scale(&mut self, k: int);
    fn same(&self, other: Self) -> bool;
    async fn fetch(&self) -> int;
}

struct Sq { side: int }

impl Shape for Sq {
    fn area(&self, unit: int) -> int { self.side * self.side * unit }
    fn scale(&self, k: int) {}
    fn same(&self, other: Sq) -> String { "no".to_string() }
    fn fetch(&self) -> int { 1 }
}

int main() = default {
    let s = Sq { side: 2 };
    println!("{}", s.side);
    return 0;
}
