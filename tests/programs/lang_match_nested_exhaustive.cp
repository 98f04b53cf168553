// A `match` whose arms together cover every value through nested patterns needs no
// `_` arm: variants inside `Some`, struct-style variants by their fields, tuples,
// `Result<Option<bool>, _>`, or-patterns, `()`, two signals of one name from two
// modules (told apart by what they are, not by their name); and a recursive type
// matched one level deep.
enum E { A(int), B, C { x: int, y: bool } }
mod a { signal E; }
mod b { signal E; }

fn raise_one(k: int) except(a::E, b::E) {
    if k == 0 { raise a::E; } else { raise b::E; }
}

fn which(k: int) -> String {
    catch(a::E, b::E) {
        raise_one(k)?;
        "none".to_string()
    } recover {
        match current_signal() {
            a::E => "a::E".to_string(),
            b::E => "b::E".to_string(),
        }
    }
}
struct Node { left: Option<Node>, v: int }

fn describe(o: Option<E>) -> String {
    match o {
        Some(E::A(n)) => format!("a {}", n),
        Some(E::B) | None => "b or nothing".to_string(),
        Some(E::C { x, y: true }) => format!("c {} yes", x),
        Some(E::C { y: false, .. }) => "c no".to_string(),
    }
}

fn depth(n: &Node) -> int {
    match &n.left {
        Some(l) => 1 + depth(l),
        None => 1,
    }
}

fn main() = default {
    println!("{}", describe(Some(E::A(7))));
    println!("{}", describe(None));
    println!("{}", describe(Some(E::C { x: 3, y: true })));
    println!("{}", describe(Some(E::C { x: 3, y: false })));
    let t = match (true, Some(3)) {
        (true, Some(v)) => v,
        (false, _) => 0,
        (_, None) => 1,
    };
    let q: Result<Option<bool>, int> = Ok(None);
    let u = match q {
        Ok(Some(true)) => 1,
        Ok(Some(false)) => 2,
        Ok(None) => 3,
        Err(_) => 4,
    };
    println!("{} {}", t, u);
    println!("{}", depth(&Node { left: Some(Node { left: None, v: 2 }), v: 1 }));
    println!("{} {}", which(0), which(1));
    let unit = ();
    println!("{}", match unit { () => "unit" });
}
