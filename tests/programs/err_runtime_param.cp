// exit: 1
// Runtime parameters are checked against what the runtime accepts.
fn main() = default(.heap_size = 4_MB, .frame_rate = 60) {
    println!("x");
}
