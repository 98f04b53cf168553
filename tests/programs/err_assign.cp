// exit: 1
// Assignment errors: unknown variables and places that cannot be assigned.
mod config { pub fn limit() -> int { 1 } }
fn main() = default {
    missing = 5;
    config::limit = 2;
    1 = 2;
}
