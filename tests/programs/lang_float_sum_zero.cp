// A float sum starts from -0.0 as Rust's does: the sum of nothing or of negative zeros
// is -0.0. What rustc prints.
int main() = default {
    let e: Vec<float> = Vec::new();
    let z = vec![-0.0, -0.0];
    let v = vec![0.5, 0.25, -1.0];
    println!("{} {:?} {} {}", e.iter().sum(), z.iter().sum(), v.iter().sum(), vec![0.0, -0.0].iter().sum());
    0
}
