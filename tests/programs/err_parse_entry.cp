// exit: 1
// Entry syntax: a body is required after the runtime, runtime arguments are stages or
// `.name = value`, a plain function needs a body or `;`.
fn first() = default;
fn second() = default(+) {
    println!("x");
}
fn third() -> int 5
fn main() = default {
    println!("x");
}
