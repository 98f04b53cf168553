// Program arguments: everything after `--` reaches the entry's `args` parameter; the
// entry's int return value is the exit status.
//
//   cargo run --release -- run examples/args.cp -- 1 2 3
int main(args: &[String]) = default {
    let mut sum = 0;
    for a in args {
        match a.parse_int() {
            Some(n) => sum += n,
            None => {
                eprintln!("not a number: {}", a);
                return 1;
            }
        }
    }
    println!("sum = {}", sum);
    return 0;
}
