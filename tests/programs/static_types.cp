// Statics keep their declared types: a bool static is a condition, a char one prints as
// a char; integers, floats and strings as before.
static READY: bool = true;
static MARK: char = 'x';
static LIMIT: u8 = 200;
static RATIO: f64 = 1.5;
static NAME: &str = "cprime";
static mut COUNT: int = 0;
// an immutable static may use another (declared before or after it)
static DOUBLE: int = LIMIT * 2 + OFFSET;
static OFFSET: int = 1;
fn main() = default {
    COUNT = COUNT + LIMIT as int;
    if READY {
        println!("{} {:?} {} {} {} {} {}", READY, MARK, LIMIT, RATIO, NAME, COUNT, DOUBLE);
    }
}
