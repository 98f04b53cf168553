// spectral-norm: power iteration on the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2 + i + 1), n = 500,
// 10 rounds. Measures nested float loops, calls and Vec<f64> indexing; prints the norm with 9 decimals.
fn a(i: int, j: int) -> f64 {
    let ij = i + j;
    1.0 / ((ij * (ij + 1) / 2 + i + 1) as f64)
}

fn mul_av(n: int, x: &Vec<f64>, y: &Vec<f64>) {
    for i in 0..n {
        let mut s = 0.0;
        for j in 0..n {
            s += a(i, j) * x[j];
        }
        y[i] = s;
    }
}

fn mul_atv(n: int, x: &Vec<f64>, y: &Vec<f64>) {
    for i in 0..n {
        let mut s = 0.0;
        for j in 0..n {
            s += a(j, i) * x[j];
        }
        y[i] = s;
    }
}

fn mul_atav(n: int, x: &Vec<f64>, y: &Vec<f64>, t: &Vec<f64>) {
    mul_av(n, x, t);
    mul_atv(n, t, y);
}

fn main() = default {
    let n = 500;
    let u = vec![1.0; n];
    let v = vec![0.0; n];
    let t = vec![0.0; n];
    for _ in 0..10 {
        mul_atav(n, &u, &v, &t);
        mul_atav(n, &v, &u, &t);
    }
    let mut vbv = 0.0;
    let mut vv = 0.0;
    for i in 0..n {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    println!("{:.9}", (vbv / vv).sqrt());
}
