// flags: --feature extra
// The same program built with --feature extra keeps the cfg'd stage.
struct extra_stage {
    static void init() { println!("extra stage"); }
    static void cleanup() { println!("extra cleanup"); }
}

fn main() = default(#[cfg(feature = "extra")] extra_stage{}) {
    println!("body");
}
