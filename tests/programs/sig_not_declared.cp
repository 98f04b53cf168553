// exit: 70
// A fault in a function that does not declare it terminates the program even though the
// caller has a catch: propagation needs except(..) on the way.
fn inner(v: &Vec<int>) -> int { v[10] }

fn main() = default {
    let v = vec![1];
    let x = catch(INDEX_ERROR) { inner(&v) } recover { 0 };
    println!("never {}", x);
}
