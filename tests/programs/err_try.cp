// exit: 1
// `?` on a Result or Option needs a function returning the same; on other values it is an error.
fn parse(s: String) -> Result<int, String> { Ok(1) }
fn first(v: Vec<int>) -> Option<int> { v.first() }
fn total() -> int {
    let a = parse("1".to_string())?;
    let b = first(vec![1])?;
    let n = 5;
    let c = n?;
    a + b + c
}
fn main() = default { println!("{}", total()); }
