// exit: 101
// `clamp` with a range whose minimum is above its maximum panics, as Rust's does.
int main() = default {
    println!("{}", 5.clamp(0, 9));
    println!("{:?}", 0.5.clamp(1.0, 0.0));
    return 0;
}
