// Strings are immutable values; push_str rebinds; methods and comparisons.
fn main() = default {
    let mut s = "Hello".to_string();
    s.push_str(", ");
    s.push_str("World");
    s.push('!');
    println!("{} ({} bytes)", s, s.len());
    let t = s.clone() + " again";
    println!("{}", t);
    println!("{} {} {}", s == "Hello, World!", s != t, "abc" < "abd");
    println!("{}", s.contains("World"));
    println!("{} {}", s.starts_with("Hell"), s.ends_with("?"));
    println!("[{}]", "  padded  ".trim());
    println!("{} {}", "MiXeD".to_uppercase(), "MiXeD".to_lowercase());
    let parts = "a,b,c".split(",");
    println!("{} parts, first {}", parts.len(), parts[0]);
    println!("{}", parts.join("-"));
    println!("{:?}", "quote\"d");
    match "42".parse_int() {
        Some(n) => println!("parsed {}", n + 1),
        None => println!("not a number"),
    }
    println!("{}", "x".parse_int().is_none());
    let mut count = 0;
    for c in "héllo".chars() {
        if c == 'l' { count += 1; }
    }
    println!("l x {}", count);
    println!("{}", "ab".repeat(3));
    println!("{}", format!("{}-{}", 1, "two"));
    let name = "inline";
    println!("{name} works");
    println!("[{:>5}] [{:<5}] [{:^5}] [{:03}]", 42, 42, 42, 7);
}
