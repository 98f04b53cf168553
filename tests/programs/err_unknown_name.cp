// exit: 1
fn main() = default {
    let a = undefined_thing + 1;
    missing_function(a);
}
