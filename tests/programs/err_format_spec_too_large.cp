// exit: 1
// A width or precision past 65535 is a compile error (as in Rust), not invalid bytecode
// or a gigabyte of padding.
int main() = default {
    println!("{:.65536}", 1.5);
    println!("[{:99999999999999999999}]", 1);
    println!("[{:1000000000}]", 1);
}
