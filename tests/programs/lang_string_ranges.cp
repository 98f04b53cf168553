// exit: 70
// `&s[a..b]` is the string's bytes from `a` to `b`, as Rust's: any range form, an end
// inside a character or past the string raising INDEX_ERROR (Rust panics).
int main() = default {
    let s = String::from("héllo, world");
    println!("[{}] [{}] [{}] [{}] [{}]", &s[0..1], &s[1..3], &s[..5], &s[8..], &s[..]);
    println!("[{}]", &s[7..=11]);
    let t = &s[0..5];
    println!("{}", t.len());
    let r = catch(INDEX_ERROR) { &s[1..2] } recover { String::from("not a char boundary") };
    println!("{}", r);
    let e = catch(INDEX_ERROR) { &s[3..99] } recover { String::from("past the end") };
    println!("{}", e);
    println!("{}", &s[2..1]);
    return 0;
}
