// exit: 1
// A string is a value: `push_str` or `push` through a `&mut String` (a parameter, `let r =
// &mut v[0];`, an `iter_mut()` element) would change only the copy, so it is refused,
// as `*s = ..` is (err_assign_through_ref.cp). It used to compile and lose the write.
fn add(mut s: &mut String) { s.push_str("+x"); }
fn add2(s: &mut String) { s.push('y'); }
int main() = default {
    let mut v = vec!["a".to_string()];
    add(&mut v[0]);
    let mut r = &mut v[0];
    r.push('!');
    for mut e in v.iter_mut() { e.push_str("?"); }
    let mut ok = "fine".to_string();
    ok.push_str("!");
    for mut e in v.clone() { e.push_str("copy is fine"); }
    println!("{:?} {}", v, ok);
    return 0;
}
