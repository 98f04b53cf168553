// exit: 1
// Signal patterns: a kind the value cannot hold, two bindings, a signal pattern on an int.
signal A;
signal B;
signal C { code: int }
fn both() except(A | B) -> int { raise(A); }
fn one() except(A) -> int { raise(A); }
fn main() = default {
    let v = catch(A | B) { both()? } recover {
        match current_signal() {
            C(e) => 1,
            A(x, y) => 2,
            _ => 0,
        }
    };
    let w = catch(A) { one()? } recover {
        match current_signal() {
            B(e) => 1,
            _ => 0,
        }
    };
    match v + w {
        IO_ERROR(e) => println!("io"),
        _ => println!("other"),
    }
}
