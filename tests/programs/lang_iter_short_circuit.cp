// any, all, position and find stop at their answer, as Rust's do: the closure is not
// called again (a later element that would fault is never reached).
int main() = default {
    let v: Vec<int> = vec![1, 2, 3, 4, 5];
    let mut calls = 0;
    let f = v.iter().any(|x| { calls += 1; *x == 2 });
    println!("any {} calls {}", f, calls);
    calls = 0;
    let g = v.iter().all(|x| { calls += 1; *x < 3 });
    println!("all {} calls {}", g, calls);
    calls = 0;
    let p = v.iter().position(|x| { calls += 1; *x == 4 });
    println!("position {:?} calls {}", p, calls);
    calls = 0;
    let q = v.iter().find(|x| { calls += 1; *x > 1 });
    println!("find {:?} calls {}", q, calls);
    let r = v.iter().any(|x| { if *x == 1 { return true; } v[10] == 0 });
    println!("{}", r);
    println!("{} {} {:?} {:?}", v.iter().any(|x| *x > 9), v.iter().all(|x| *x > 0), v.iter().position(|x| *x > 9), v.iter().find(|x| *x > 9));
    let e: Vec<int> = Vec::new();
    println!("{} {}", e.iter().any(|x| *x > 0), e.iter().all(|x| *x > 0));
    0
}
