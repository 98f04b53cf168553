// exit: 1
// A mutable range slice of a vector works as a call's argument or an in-place method's
// receiver; anywhere else its writes would go to a copy, so it is refused.
fn zero(s: &mut [int]) {
    for i in 0..s.len() {
        s[i] = 0;
    }
}

async fn work(s: &mut [int]) -> int {
    s.len()
}

task<> main() = coroutine {
    let mut v: Vec<int> = vec![1, 2, 3, 4, 5];
    let s = &mut v[1..3];
    s[0] = 9;
    v[1..3].push(4);
    let h = spawn work(&mut v[0..2]);
    let mut w: Vec<int> = Vec::new();
    w.extend_from_slice(&mut v[0..2]);
    zero(&mut v[0..2]);
}
