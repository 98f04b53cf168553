// The standard prelude (stdlib/lib/prelude.cp) is visible everywhere; a program's own
// items shadow it.
fn abs(x: int) -> int { if x < 0 { -x * 10 } else { x * 10 } }

fn main() = default {
    println!("{} {} {}", max(3, 9), min(3, 9), clamp(15, 0, 10));
    println!("own abs: {}", abs(-4));
}
