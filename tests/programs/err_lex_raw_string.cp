// exit: 1
// An unterminated raw string runs to the end of the file.
fn main() = default {
    let s = r#"never closed";
    println!("{}", s);
}
