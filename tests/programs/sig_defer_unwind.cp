// exit: 70
// defer blocks run when a signal unwinds through their scope; the trace still starts
// at the original raise.
signal BOOM { code: int }
fn inner() except(BOOM) {
    defer { println!("inner defer"); }
    raise(BOOM { code: 3 });
}
fn main() = default {
    let r = catch(BOOM) { inner()?; 1 } recover { println!("caught {}", current_signal()); 2 };
    println!("r = {}", r);
    inner()?;
}
