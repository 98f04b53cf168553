// exit: 1
// `let .. else` is not supported.
fn main() = default {
    let o = Some(1);
    let Some(x) = o else { return; };
}
