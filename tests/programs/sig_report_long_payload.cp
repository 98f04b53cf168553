// exit: 70
// An unhandled signal's report shows its payload cut short after about 2 KB (`...`):
// a signal carrying a big vector is one readable line of stderr, not megabytes.
signal TOO_MUCH { items: Vec<String> }

fn main() = default {
    let items: Vec<String> = Vec::new();
    for i in 0..5000 {
        items.push(format!("item number {}", i));
    }
    raise(TOO_MUCH { items: items });
}
