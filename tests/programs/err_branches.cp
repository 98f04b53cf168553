// exit: 1
// Branch errors: `if` without `else` as a value, incompatible branch types, `catch`
// without signals or with a non-signal.
struct NotSig { x: int }
fn main() = default {
    let c = true;
    if c { 5 }
    let a = if c { 1 } else { "one" };
    let b = match c { true => 1, false => "zero" };
    let d = catch(NotSig) { 1 } recover { 2 };
    let e = catch { 1 } recover { 2 };
}
