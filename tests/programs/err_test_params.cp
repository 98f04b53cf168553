// exit: 1
// A test takes no parameters (`cprime test` has nothing to pass it): a test function or
// entry that declares some is a compile error, not a run with empty values.
#[test]
fn with_param(x: int, s: String) {
    assert!(x == 0);
}

#[test]
task<> with_args(args: &[String]) = coroutine {
    println!("{}", args.len());
}

int main() = default {
    return 0;
}
