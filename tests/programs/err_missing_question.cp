// exit: 1
signal BAD;
fn risky() except(BAD) -> int { raise(BAD); }
fn main() = default {
    let v = catch(BAD) { risky() } recover { 0 };
    println!("{}", v);
}
