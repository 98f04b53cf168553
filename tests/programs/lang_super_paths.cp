// `super::` names an item of the enclosing module, as in Rust, also twice over
// (`super::super::`), for functions and constants.
const BASE: int = 100;

fn helper(x: int) -> int { x + 1 }

mod geo {
    pub const SCALE: int = 2;

    pub fn double(x: int) -> int { super::helper(x) * SCALE }

    pub mod inner {
        pub fn triple(x: int) -> int { super::double(x) + super::super::BASE }
    }
}

int main() = default {
    println!("{}", geo::double(5));
    println!("{}", geo::inner::triple(5));
    0
}
