// An associated constant named through Self inside its impl, as through the type.
struct Counter { n: int }
impl Counter {
    const STEP: int = 3;
    fn bump(&mut self) { self.n += Self::STEP; }
}
int main() = default {
    let mut c = Counter { n: 0 };
    c.bump();
    println!("{} {}", c.n, Counter::STEP);
    0
}
