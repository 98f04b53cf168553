// vec![v; n] copies v into every slot as Rust's vec! does: records, vectors and maps are
// deep-copied, so rows of a grid are independent.
struct P { x: int }
fn main() = default {
    let grid = vec![vec![0; 2]; 2];
    grid[0][0] = 1;
    println!("{:?}", grid);
    let ps = vec![P { x: 0 }; 2];
    ps[0].x = 7;
    println!("{} {}", ps[0].x, ps[1].x);
    let names = vec!["a".to_string(); 3];
    println!("{:?}", names);
}
