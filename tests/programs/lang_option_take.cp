// Option's take() and replace(x) give the receiver's place (a variable, a field, a vector's
// element) None or Some(x) and return the old value, as Rust's; output identical to rustc's.
struct Slot { item: Option<String> }
fn make() -> Option<int> { Some(4) }
int main() = default {
    let mut a: Option<int> = Some(5);
    let b = a.take();
    println!("{:?} {:?}", a, b);
    let c = a.take();
    println!("{:?} {:?}", a, c);
    let mut s = Slot { item: Some("x".to_string()) };
    let old = s.item.replace("y".to_string());
    println!("{:?} {:?}", s.item, old);
    let t = s.item.take();
    println!("{:?} {:?}", s.item, t);
    let mut v: Vec<Option<int>> = vec![Some(1), None, Some(3)];
    let x = v[2].take();
    let y = v[1].replace(7);
    println!("{:?} {:?} {:?}", v, x, y);
    println!("{:?} {:?} {:?}", make().take(), make().replace(9), Some(5).take());
    let mut name = String::from("ab");
    name.push_str("cd");
    name.push('e');
    println!("{}", name);
    return 0;
}
