// exit: 1
// `m[key]` reads a copy of a map's value: a `push_str` on it could not change the map.
int main() = default {
    let mut m = HashMap::new();
    m.insert(1, "x".to_string());
    m[1].push_str("y");
    return 0;
}
