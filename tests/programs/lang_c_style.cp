// exit: 3
// C-style function spellings, items inside bodies, plain print calls.
signal TOO_BIG { n: int }
signal ODD { n: int }

int twice(a: int) except(TOO_BIG) {
    if a > 100 { raise(TOO_BIG { n: a }); }
    return a * 2;
}

void greet(name: String) {
    println!("hello {}", name);
}

result<int> halve(n: int) {
    if n % 2 == 1 { return Err(ODD { n: n }); }
    Ok(n / 2)
}

int main() = default {
    greet("c".to_string());
    println("plain println");
    eprintln("plain eprintln");
    const LOCAL: int = 3;
    struct Inner { v: int }
    let i = Inner { v: LOCAL };
    println!("{}", i.v);
    let t = catch(TOO_BIG) { twice(500)? } recover { match current_signal() { TOO_BIG(e) => e.n } };
    println!("{} {}", twice(4)?, t);
    println!("{:?} {:?}", halve(10), halve(3));
    let d = 16_ms;
    let d2 = Duration::from_millis(16);
    println!("{}", d == d2);
    let b = Box::new(5);
    let r = &mut i;
    r.v += b;
    println!("{}", i.v);
    assert!(i.v == 8);
    assert_eq!(i.v, 8);
    return 3;
}
