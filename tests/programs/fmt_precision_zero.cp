// A string's precision keeps that many characters; a number's 0 flag wins over an
// alignment; what rustc's println! prints.
int main() = default {
    println!("[{:<05}] [{:^05}] [{:>05}]", 7, 7, -7);
    println!("[{:.2}] [{:.0}] [{:6.2}] [{:>6.3}]", "héllo", "abc", "héllo", "abcdef");
    println!("[{:<05}] [{:05.1}]", "ab", 2.25);
    0
}
