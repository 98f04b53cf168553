// exit: 1
// A type a trait's method declaration names and nothing defines is reported even when
// no type implements the trait (a default body's parameters too); `Self` is fine.
trait Store {
    fn put(&self, v: Vec<Item>) -> Option<Missing>;
    fn get(&self) -> Self;
    fn fallback(&self, x: Nope) -> int { 1 }
}

int main() = default {
    return 0;
}
