// exit: 1
// Stage errors: a struct without init, an init parameter no field matches, a stage
// that is not a struct.
struct plain { x: int }

struct odd_stage {
    size: int,
    static void init(capacity: int) { println!("{}", capacity); }
}

fn main() = default(plain{.x = 1}, odd_stage{.size = 2}, 42) {
    println!("body");
}
