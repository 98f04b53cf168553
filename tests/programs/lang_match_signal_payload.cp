// Signals in a `recover` match, their payload bound by name (`B { n }`) or skipped
// (`B { .. }`): covered, as `B(b)` was (a named payload field counted as covering
// nothing).
signal A;
signal B { n: int };
fn raise_one(k: int) except(A, B) {
    if k == 0 { raise A; } else { raise B { n: 3 }; }
}
fn w1(k: int) -> int {
    catch(A, B) { raise_one(k)?; 0 } recover {
        match current_signal() { A => 1, B { .. } => 2 }
    }
}
fn w2(k: int) -> int {
    catch(A, B) { raise_one(k)?; 0 } recover {
        match current_signal() { A => 1, B { n } => n }
    }
}
fn w3(k: int) -> int {
    catch(B) { raise B { n: k }; 0 } recover {
        match current_signal() { B { n: 3 } => 1, B { n } => n }
    }
}
fn w4(k: int) -> int {
    catch(B) { raise B { n: k }; 0 } recover {
        let s = current_signal();
        match s { B { n } => n }
    }
}
fn main() = default {
    println!("{} {} {} {}", w1(0), w2(1), w3(3), w4(4));
}
