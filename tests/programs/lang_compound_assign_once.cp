// A compound assignment to a vector element or a field evaluates the place's object and
// index once, as Rust does (`v[next()] += 1` calls `next` once; it used to call it twice).
struct Counter { hits: int, name: String }

int at(i: int) {
    println!("at {}", i);
    return i;
}

int main() = default {
    let mut xs = vec![1, 2, 3];
    xs[at(2)] += 10;
    xs[at(0)] *= 5;
    xs[at(1)] -= 1;
    let mut names = vec!["a".to_string(), "b".to_string()];
    names[at(1)] += "!";
    let mut cs = vec![Counter { hits: 1, name: "x".to_string() }];
    cs[at(0)].hits += 41;
    cs[at(0)].name += "y";
    let mut grid = vec![vec![0, 0], vec![0, 0]];
    grid[at(1)][at(0)] += 7;
    println!("{:?} {:?} {} {} {:?}", xs, names, cs[0].hits, cs[0].name, grid);
    // an out-of-range index raises before the right-hand side runs
    let r = catch(INDEX_ERROR) { xs[at(9)] += at(1); 0 } recover { 1 };
    println!("out of range: {}", r);
    return 0;
}
