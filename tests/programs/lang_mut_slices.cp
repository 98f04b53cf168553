// Mutable range slices of vectors: `f(&mut v[a..b])` and `v[a..b].sort()` change the
// vector (the range is a copy written back once the call returns), as in Rust.
fn zero(s: &mut [int]) {
    for i in 0..s.len() {
        s[i] = 0;
    }
}

fn fill_with(s: &mut Vec<int>, x: int) {
    for i in 0..s.len() {
        s[i] = x;
    }
}

struct Grid {
    cells: Vec<int>,
}

impl Grid {
    fn clear_row(&mut self, r: int) {
        zero(&mut self.cells[r * 3..r * 3 + 3]);
    }
}

int main() = default {
    let mut v: Vec<int> = vec![1, 2, 3, 4, 5];
    zero(&mut v[1..3]);
    println!("{:?}", v);
    fill_with(&mut v[3..], 7);
    println!("{:?}", v);
    let f = |s: &mut [int]| s[0] = 42;
    f(&mut v[..=1]);
    println!("{:?}", v);
    let mut g = Grid { cells: vec![1; 9] };
    g.clear_row(1);
    println!("{:?}", g.cells);
    let mut rows: Vec<Vec<int>> = vec![vec![3, 2, 1], vec![9, 8, 7]];
    rows[1][0..2].sort();
    println!("{:?}", rows);
    let s: &[int] = &v[0..2];
    println!("{:?} {}", s, v[1..4].len());
    // in place on a range: sort, reverse, swap
    let mut w: Vec<int> = vec![5, 4, 3, 2, 1];
    w[1..4].sort();
    println!("{:?}", w);
    w[0..2].reverse();
    println!("{:?}", w);
    w[3..].swap(0, 1);
    println!("{:?}", w);
    // a range past the end raises, and the vector is as it was
    let r = catch(INDEX_ERROR) {
        zero(&mut w[3..9]);
        0
    } recover {
        1
    };
    println!("{} {:?}", r, w);
    0
}
