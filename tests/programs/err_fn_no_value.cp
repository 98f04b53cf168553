// cmd: check
// exit: 1
// A function (not an entry) declared to return a value whose body ends without one is
// an error that says so (an `int` entry exits 0 instead: entry_int_ends.cp).
fn answer() -> int {
    let x = 42;
}
int main() = default {
    return answer();
}
