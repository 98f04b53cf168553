// stderr: debug:
// stderr: allocations
// debug_stage{.memory_tracking = true} reports heap statistics on stderr at exit.
fn main() = default(debug_stage{.memory_tracking = true}) {
    let mut v = Vec::new();
    for i in 0..100 { v.push(i.to_string()); }
    println!("{}", v.len());
}
