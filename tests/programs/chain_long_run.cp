// Runs every kind of instruction the interpreter's threaded handlers execute (integer and
// float arithmetic, compares and branches, fused loop ops, globals, field and element
// access, record allocation, tags, vector pushes, direct and virtual calls, returns) a
// million times each.
// The handlers must chain by tail calls: `./test.sh` also runs this in a debug build,
// where a handler that grew the Rust stack on every instruction would overflow it.
trait Shape {
    fn area(&self) -> int;
}
struct Sq { s: int }
struct Rect { w: int, h: int }
impl Shape for Sq {
    fn area(&self) -> int { self.s * self.s }
}
impl Shape for Rect {
    fn area(&self) -> int { self.w * self.h }
}

struct Acc { total: int, ratio: f64 }

static mut HITS: int = 0;

fn step(i: int, v: &Vec<int>) -> int {
    let j = i % 16;
    v[j] = v[j] + (i ^ (i >> 3)) - (i & 7) + (i | 1) / 3;
    if v[j] < 0 { -v[j] } else { v[j] }
}

fn nothing(a: &Acc) {
    a.total = a.total + 1;
}

fn main() = default {
    let v = vec![0; 16];
    let shapes: Vec<Box<dyn Shape>> = Vec::new();
    shapes.push(Box::new(Sq { s: 3 }));
    shapes.push(Box::new(Rect { w: 2, h: 5 }));
    let acc = Acc { total: 0, ratio: 1.0 };
    let mut sum = 0;
    let mut x = 0.5;
    let pushed: Vec<int> = Vec::new();
    let mut somes = 0;
    let mut i = 0;
    while i < 1000000 {
        let o = if i % 3 == 0 { Some(i) } else { None };
        match o {
            Some(k) => somes = somes + k % 7,
            None => {}
        }
        pushed.push(i & 15);
        sum = (sum + step(i, &v)) % 1000003;
        sum = sum + shapes[i % 2].area();
        nothing(&acc);
        x = x * 1.0000001 + (i as f64) / 1000000.0 - x / 7.0;
        if x > 10.0 && i != 3 || x <= -1.0 {
            x = x - 1.0;
        }
        if i % 10000 == 0 {
            unsafe { HITS = HITS + 1; }
        }
        i += 1;
    }
    for k in 0..200000 {
        acc.ratio = acc.ratio + (k as f64) * 0.5;
    }
    println!("sum {} total {} hits {}", sum, acc.total, unsafe { HITS });
    println!("x {:.6} ratio {}", x, acc.ratio);
    println!("v {:?}", v);
    println!("somes {} pushed {} last {}", somes, pushed.len(), pushed[pushed.len() - 1]);
}
