// The smallest program: an entry point on the default runtime.
int main() = default {
    println!("Hello from CPrime!");
    return 0;
}
