// exit: 101
// `div_euclid` of a type's minimum by -1 overflows: it panics, as Rust's does even in a
// release build (`/` wraps instead: lang_int_methods.cp).
int main() = default {
    let x: i8 = -128;
    println!("{}", x.div_euclid(2));
    println!("{}", x.div_euclid(-1));
    return 0;
}
