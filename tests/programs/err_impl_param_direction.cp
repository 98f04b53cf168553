// exit: 1
// An impl's parameter must take what its trait's declaration passes (a call through
// `dyn` passes the declared type), and its result must be what the declaration returns:
// a narrower parameter is refused, and so is a closure parameter returning a value where
// the declaration's returns nothing.
signal A { n: int };
signal B { s: String };

trait T {
    fn f(&self, s: Signal) -> int;
    fn apply(&self, f: fn(int) -> ()) -> int;
    fn any(&self) -> Signal;
}

struct X { k: int }

impl T for X {
    fn f(&self, s: B) -> int { s.s.len() }
    fn apply(&self, f: fn(int) -> String) -> int { f(self.k).len() }
    fn any(&self) -> Signal { A { n: 1 } }
}

int main() = default {
    let d: Box<dyn T> = Box::new(X { k: 1 });
    println!("{}", d.f(A { n: 123456 }));
    return 0;
}
