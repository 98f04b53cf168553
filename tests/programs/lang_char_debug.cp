// `{:?}` of a char escapes it as Rust does, alone as inside a collection or a struct.
#[derive(Debug)]
struct Key { c: char }

int main() = default {
    println!("{:?} {:?} {:?} {:?} {:?}", 'a', '\0', '\t', '\'', '"');
    println!("{:?} {:?}", vec!['\0', '\n', 'é'], Key { c: '\\' });
    println!("{} {}", 'x', '\'');
    return 0;
}
