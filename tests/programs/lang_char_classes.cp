// char classes as Rust's char methods: is_lowercase, is_uppercase, is_whitespace,
// is_alphabetic, is_numeric, is_alphanumeric are Unicode's; the is_ascii_ ones ASCII's
// (form feed is ASCII whitespace, vertical tab is not). What rustc prints.
int main() = default {
    println!("{} {} {}", 'é'.is_lowercase(), 'É'.is_uppercase(), 'ж'.is_lowercase());
    println!("{} {} {}", '\u{a0}'.is_whitespace(), '\u{b}'.is_whitespace(), '\u{c}'.is_whitespace());
    println!("{} {}", '\u{c}'.is_ascii_whitespace(), '\u{b}'.is_ascii_whitespace());
    println!("{} {} {} {}", 'ß'.is_alphabetic(), '٣'.is_numeric(), '_'.is_alphanumeric(), 'x'.is_alphanumeric());
    println!("{} {} {}", 'a'.is_ascii_lowercase(), 'é'.is_ascii_lowercase(), 'Q'.is_ascii_uppercase());
    0
}
