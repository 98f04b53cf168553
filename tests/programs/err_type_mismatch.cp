// exit: 1
// Several type errors are reported in one run.
fn main() = default {
    let x: int = "text";
    let y = 1 + true;
    let z: String = 5;
}
