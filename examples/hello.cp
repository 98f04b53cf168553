// Hello world: an entry point on the default runtime.
//
//   cargo run --release -- run examples/hello.cp
int main() = default {
    println!("Hello from CPrime!");
    return 0;
}
