// An `int` entry whose body ends without a value exits 0, as C's and C++'s `main` do;
// a `return` on the way still sets the status.
int main() = default {
    let greeting = "hello";
    if greeting.len() > 10 {
        return 4;
    }
    println!("{}", greeting);
}
