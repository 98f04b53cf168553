// A function without except(..) may still catch signals raised inside it.
signal OOPS { n: int }

fn risky(n: int) except(OOPS) -> int {
    if n > 2 { raise(OOPS { n: n }); }
    n
}

fn safe_sum() -> int {
    let mut s = 0;
    for i in 0..5 {
        s += catch(OOPS) { risky(i)? } recover {
            match current_signal() { OOPS(o) => o.n * 100 }
        };
    }
    s
}

fn main() = default {
    println!("{}", safe_sum());
}
