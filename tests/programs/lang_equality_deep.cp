// `==` of self-referential and very long structures: a cycle compares as far as it
// differs, and long lists (a million nodes: vm/src/tests/equality.rs) without recursion.
struct Node { v: int, next: Option<Node> }
int main() = default {
    let mut a = Node { v: 1, next: None };
    let mut b = Node { v: 1, next: None };
    a.next = Some(a);
    b.next = Some(b);
    println!("{}", a == b);
    let mut c = Node { v: 2, next: None };
    c.next = Some(c);
    println!("{}", a == c);
    let mut l = Node { v: 0, next: None };
    let mut m = Node { v: 0, next: None };
    for i in 0..2000 { l = Node { v: i, next: Some(l) }; m = Node { v: i, next: Some(m) }; }
    println!("{}", l == m);
    0
}
