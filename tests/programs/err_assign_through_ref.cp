// exit: 1
// `&mut T` is `T`: a `&mut` parameter of a value type, or an `iter_mut()` loop's
// element, is a copy, so `*x = ..` could not reach its owner; refused with what to do
// instead (a struct's fields are shared: `p.x = 5` through `&mut P` works).
fn bump(n: &mut int) {
    *n += 1;
}

// `mut` does not make it reach the owner either: it is the same copy
fn twice(mut n: &mut int) {
    *n *= 2;
}

int main() = default {
    let mut a = 1;
    bump(&mut a);
    let mut v: Vec<int> = vec![1, 2, 3];
    for x in v.iter_mut() {
        *x = 0;
    }
    let mut z = 1;
    let mut q = &mut z;
    *q = 7;
    0
}
