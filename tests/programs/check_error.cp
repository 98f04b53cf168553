// cmd: check
// exit: 1
// stderr: check_error.cp:6
// `cprime check` reports errors without running anything.
fn main() = default {
    undefined_function();
}
