// args: 1 2 3 39
// exit: 45
// String::parse_int gives an Option<int>; the sum becomes the exit status.
int main(args: &[String]) = default {
    let mut sum = 0;
    for a in args {
        sum += a.parse_int().unwrap();
    }
    return sum;
}
