// Runtime faults are signals: DIVIDE_BY_ZERO, INDEX_ERROR (with index and len) and
// STACK_OVERFLOW are caught when declared on the way.
fn div(a: int, b: int) except(DIVIDE_BY_ZERO) -> int { a / b }

fn at(v: &Vec<int>, i: int) except(INDEX_ERROR) -> int { v[i] }

fn deep(n: int) except(STACK_OVERFLOW) -> int { deep(n + 1)? + 1 }

fn main() = default {
    println!("{}", catch(DIVIDE_BY_ZERO) { div(1, 0)? } recover { -1 });
    println!("{}", catch(DIVIDE_BY_ZERO) { div(7, 2)? } recover { -1 });
    let v = vec![1, 2, 3];
    let e = catch(INDEX_ERROR) { at(&v, -1)? } recover {
        match current_signal() { INDEX_ERROR(ix) => ix.index * 10 + ix.len }
    };
    println!("{}", e);
    let s = catch(STACK_OVERFLOW) { deep(0)? } recover { -99 };
    println!("stack overflow caught: {}", s);
    println!("{}", catch(DIVIDE_BY_ZERO) { 10 % div(1, 1)? } recover { 0 });
}
