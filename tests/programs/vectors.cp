// Vec: push, pop, len, indexing, iteration; vec! literals; shared on assignment.
fn main() = default {
    let mut v = vec![3, 1, 2];
    v.push(10);
    println!("len {}", v.len());
    println!("first {} last {}", v[0], v[v.len() - 1]);
    let mut sum = 0;
    for x in v {
        sum += x;
    }
    println!("sum {}", sum);
    let mut w = v;
    w.push(5);
    println!("shared {}", v.len());
    let z = vec![0; 4];
    println!("zeros {}", z.len());
    println!("pop {}", v.pop().unwrap());
}
