// exit: 1
enum Color { Red, Green, Blue }
fn name(c: Color) -> String {
    match c {
        Color::Red => "red".to_string(),
        Color::Green => "green".to_string(),
    }
}
fn main() = default { println!("{}", name(Color::Blue)); }
