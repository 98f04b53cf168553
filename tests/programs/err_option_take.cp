// exit: 1
// take() and replace(x) change the place they are called on: it must be mutable, and
// a map element read through map[key] is a copy, and a `&mut Option` parameter is the
// option itself: changing it would not reach the caller's.
fn clear(o: &mut Option<int>) { o.take(); }
int main() = default {
    let a: Option<int> = Some(1);
    let b = a.take();
    let mut m: HashMap<int, Option<int>> = HashMap::new();
    m.insert(1, Some(2));
    let c = m[1].replace(3);
    return 0;
}
