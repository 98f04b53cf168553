// exit: 101
// `{:?}` prints bool, char, () and Duration inside options, results, vectors, maps, tuples,
// structs and enums as Rust does (the VM sees ints: the compiler passes the static type).
use std::collections::HashMap;
enum E { A(bool), B { c: char, n: int }, C }
struct P { b: bool, c: char, u: () }
struct Node { flag: bool, next: Option<Box<Node>> }
struct Timing { name: String, took: Duration }
signal CHECK { ok: bool, mark: char }
fn check(n: int) -> Result<int> { if n > 0 { Ok(n) } else { Err(CHECK { ok: false, mark: 'n' }) } }
int main() = default {
    println!("{:?} {:?} {:?}", Some(true), vec![true, false], Some('x'));
    let unit: Option<()> = Some(());
    let done: Result<(), String> = Ok(());
    let failed: Result<int, char> = Err('!');
    println!("{:?} {:?} {:?}", unit, done, failed);
    println!("{:?}", P { b: true, c: 'y', u: () });
    let m: HashMap<char, bool> = HashMap::new();
    m.insert('a', true);
    println!("{:?}", m);
    println!("{:?} {:?} {:?}", E::A(false), E::B { c: '\n', n: 5 }, E::C);
    let n = Node { flag: true, next: Some(Box::new(Node { flag: false, next: None })) };
    println!("{:?}", n);
    let vv: Vec<Vec<bool>> = vec![vec![true], vec![]];
    println!("{:?}", vv);
    println!("{:?}", (1, 'q', (true, ())));
    // a Duration inside prints as its own `{:?}` does
    println!("{:?} {:?}", Some(Duration::from_millis(1500)), Timing { name: "load".to_string(), took: Duration::from_micros(250) });
    println!("{:?}", vec![Duration::from_secs(2), Duration::from_nanos(7)]);
    // signal values, alone or as a `Result`'s error
    println!("{:?} {:?}", CHECK { ok: true, mark: 'x' }, check(-1));
    catch(CHECK) {
        raise CHECK { ok: true, mark: '?' };
    } recover {
        println!("caught {:?}", current_signal());
    }
    // types without bool, char or () print as before
    let x: Option<int> = Some(3);
    println!("{:?} {:?} {:?}", x, vec![1, 2], Some("s"));
    // the assertion message shows both sides the same way
    assert_eq!(Some(true), Some(false));
    return 0;
}
