// args: one "two words" three
// Program arguments after `--` reach the entry's `args: &[String]` parameter.
int main(args: &[String]) = default {
    println!("{} args", args.len());
    for a in args {
        println!("[{}]", a);
    }
    return 0;
}
