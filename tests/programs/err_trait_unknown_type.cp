// exit: 1
// A type a trait's method declaration names and nothing defines is reported once, at
// the declaration, however many types implement the trait.
trait Store {
    fn put(&self, v: Vec<Item>) -> Option<Item>;
}

struct A { n: int }
struct B { n: int }

impl Store for A {
    fn put(&self, v: Vec<int>) -> Option<int> { None }
}

impl Store for B {
    fn put(&self, v: Vec<int>) -> Option<int> { Some(1) }
}

int main() = default {
    return 0;
}
