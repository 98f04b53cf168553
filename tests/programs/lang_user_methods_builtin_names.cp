// A user type's own methods named as the standard library's are its own: `push` and
// `push_str` (a string's are rebinding appends), and `iter()` / `into_iter()` in a
// `for` loop (a vector's mean the vector itself).
struct Stack { items: Vec<int> }

impl Stack {
    fn push(&mut self, x: int) { self.items.push(x * 2); }
    fn push_str(&mut self, s: String) { self.items.push(s.len()); }
    fn iter(&self) -> Vec<int> { self.items.iter().map(|x| x * 100).collect() }
    fn into_iter(&self) -> Vec<int> { vec![-1] }
}

int main() = default {
    let mut s = Stack { items: Vec::new() };
    s.push(3);
    s.push_str("four".to_string());
    println!("{:?}", s.items);
    for x in s.iter() {
        println!("{}", x);
    }
    for x in s.into_iter() {
        println!("{}", x);
    }
    for (i, x) in s.iter().enumerate() {
        println!("{} {}", i, x);
    }
    let mut t = String::from("a");
    t.push('b');
    t.push_str("cd");
    let v = vec![1, 2];
    for x in v.iter() {
        println!("{} {}", t, x);
    }
    0
}
