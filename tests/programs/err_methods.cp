// exit: 1
// Method errors: arity of user and builtin methods, mutating an immutable string,
// sorting what has no order, unhashable map keys, a method on the wrong type.
struct Counter { n: int }
impl Counter {
    fn add(&self, k: int) -> int { self.n + k }
}
fn main() = default {
    let c = Counter { n: 1 };
    c.add(1, 2);
    let s = String::new();
    s.push_str("x");
    let v = vec![1, 2];
    v.contains();
    let vv = vec![vec![1], vec![2]];
    vv.sort();
    let m: HashMap<Vec<int>, int> = HashMap::new();
    m.insert(vec![1], 2);
    let k = 5;
    k.push(1);
}
