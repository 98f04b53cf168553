// exit: 101
// `expect` panics with its message (any string, not only a literal) and a Result's
// error after it, `unwrap` with Rust's words and the error: `msg: "bad -1"`.
fn parse(s: String) -> Result<int, String> {
    match s.parse_int() {
        Some(n) => Ok(n),
        None => Err(format!("bad {}", s)),
    }
}

int main() = default {
    let o: Option<int> = Some(4);
    let n = 2;
    println!("{}", o.expect(&format!("need {}", n)));
    println!("{}", parse("12".to_string()).expect("a number"));
    parse("-1x".to_string()).expect(&format!("line {}", n));
    0
}
