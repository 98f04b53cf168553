// strings: build a 4.1 MB string from the numbers 0..599,999 and separators, appending piece by piece
// to 100-number lines that are joined at the end; then a hash over its characters.
// Measures int-to-string, string appends, join and a per-character loop; prints the length and hash.
fn main() = default {
    let n = 600000;
    let parts: Vec<String> = Vec::new();
    let mut line = String::new();
    for i in 0..n {
        line.push_str(&i.to_string());
        if i % 10 == 9 {
            line.push_str(";\n");
        } else {
            line.push_str(",");
        }
        if i % 100 == 99 {
            parts.push(line);
            line = String::new();
        }
    }
    parts.push(line);
    let s = parts.join("");
    let mut h = 0;
    for c in s.chars() {
        h = (h * 31 + (c as int)) % 1000000007;
    }
    println!("{} {}", s.len(), h);
}
