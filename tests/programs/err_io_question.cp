// exit: 1
// File operations raise IO_ERROR: a call without `?` is an error, like a call to an
// `except(IO_ERROR)` function.
fn main() = default {
    let text = fs::read_to_string("config.txt");
    fs::write("out.txt", text);
}
