// Strings are immutable values: concatenation, comparison, length, formatting.
fn main() = default {
    let a = "Hello";
    let b = a.to_string() + ", " + "CPrime";
    println!("{}", b);
    println!("{}", b.len());
    println!("{}", a == "Hello");
    let mut s = "".to_string();
    s.push_str("ab");
    s.push_str("cd");
    println!("{}", s);
    let msg = format!("{}-{}", 1, "two");
    println!("{}", msg);
}
