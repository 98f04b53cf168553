// Closures capture variables by reference; they can be passed and stored; named
// functions are values too.
fn apply(f: fn(int) -> int, x: int) -> int {
    f(x)
}

fn double(x: int) -> int { x * 2 }

fn main() = default {
    let mut counter = 0;
    let mut bump = |by: int| { counter += by; };
    bump(2);
    bump(5);
    println!("counter = {}", counter);
    let offset = 10;
    let add = |x: int| x + offset;
    println!("{}", apply(add, 5));
    println!("{}", apply(double, 21));
    let v = vec![1, 2, 3, 4, 5];
    let squares = v.iter().map(|x| x * x).collect();
    println!("{:?}", squares);
    let evens = v.iter().filter(|x| x % 2 == 0).collect();
    println!("{:?} sum={}", evens, v.iter().sum());
    println!("{}", v.iter().any(|x| x > 4));
    println!("{}", v.iter().fold(0, |acc, x| acc + x * 10));
    let make_adder = |n: int| move |x: int| x + n;
    let add3 = make_adder(3);
    println!("{}", add3(4));
}
