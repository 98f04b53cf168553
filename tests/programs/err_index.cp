// exit: 1
// Indexing errors: `map[key] = v`, indexing an int, indexing a string by position.
fn main() = default {
    let mut m: HashMap<String, int> = HashMap::new();
    m["a".to_string()] = 1;
    let mut n = 5;
    n[0] = 1;
    let x = n[0];
    let s = "hello".to_string();
    let c = s[0];
}
