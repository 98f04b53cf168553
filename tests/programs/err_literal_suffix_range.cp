// exit: 1
// A literal too large for its suffix's type is an error, as in Rust.
int main() = default {
    println!("{}", 300u8);
    println!("{}", 129i8);
    return 0;
}
