// exit: 70
// A user signal nobody catches ends the program with its payload and a stack trace.
signal CONFIG_MISSING { path: String, code: int }

fn load(path: String) except(CONFIG_MISSING) -> String {
    raise(CONFIG_MISSING { path: path, code: 2 });
}

fn main() = default {
    println!("starting");
    let c = load("/etc/app.conf".to_string())?;
    println!("never {}", c);
}
