// Without `--`, the args slice is empty (it never holds the program's name).
int main(args: &[String]) = default {
    println!("{} args", args.len());
    return 0;
}
