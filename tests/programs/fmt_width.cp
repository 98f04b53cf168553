// Format widths as Rust pads them (each line is what rustc's println! prints): in
// characters, strings and chars left and numbers right by default, zeros after a sign,
// a debug string unpadded.
int main() = default {
    println!("[{:>6}]", "é");
    println!("[{:<6}]|", "日本");
    println!("[{:^7}]", "ü");
    println!("[{:6}]", "ab");
    println!("[{:05}]", -42);
    println!("[{:08.2}]", -1.5);
    println!("[{:6}]", 'x');
    println!("[{:>6}]", 'é');
    println!("[{:6}]", 42);
    println!("[{:6}]", true);
    println!("[{:05}]", "ab");
    println!("[{:6?}]", "ab");
    println!("[{:<5}]", 7);
    0
}
