// exit: 1
// A closure is compiled before the rest of its function: the element type of `v` is
// unknown inside it and only settled by the `push` after it. The closure would have
// treated the string it takes out as an int (the collector would not see it, and it
// printed another string instead), so this is a compile error asking for a type.
fn main() = default {
    let v = Vec::new();
    let f = || { let x = v.pop().unwrap(); let y = vec![x]; y };
    v.push(format!("hello {}", 42));
    let w = f();
    let mut junk = Vec::new();
    for i in 0..200000 { junk.push(format!("junk {}", i)); }
    let s: String = w[0].clone();
    println!("{} {}", s, junk.len());
}
