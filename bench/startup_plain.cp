// Start-up baseline: a plain entry point.
int main() = default {
    println!("ready");
    return 0;
}
