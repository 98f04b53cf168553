// exit: 1
fn main() = default {
    let s = current_signal();
}
