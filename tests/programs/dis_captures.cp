// cmd: dis
// `cprime dis` lists a closure function's capture kinds: an immutable number is
// captured as it is (`int`), a mutable variable through its cell and a string as the
// reference it is (`ref`).
int main() = default {
    let n = 3;
    let mut total = 0;
    let label = "sum";
    let add = |x: int| {
        total += x * n;
        label.len()
    };
    add(2);
    println!("{} {}", label, total);
    return 0;
}
