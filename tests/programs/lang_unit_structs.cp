// A unit struct (`struct Name;`) is a type with one value, written by its name: it
// takes methods and trait impls, prints with `{:?}`, and travels like any value.
trait Greeter {
    fn greet(&self, who: &str) -> String;
}

struct English;
#[derive(Debug)]
struct Marker;

impl English {
    fn name(&self) -> String { "English".to_string() }
}

impl Greeter for English {
    fn greet(&self, who: &str) -> String { format!("Hello, {}!", who) }
}

fn welcome(g: &dyn Greeter) -> String {
    g.greet("unit")
}

int main() = default {
    let e = English;
    println!("{}: {}", e.name(), e.greet("world"));
    println!("{}", welcome(&English));
    let marks = vec![Marker, Marker];
    println!("{} {:?}", marks.len(), marks[0]);
    0
}
