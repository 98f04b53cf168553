// cmd: check
// exit: 1
// Generic functions are parsed but not type-checked yet: declaring one is an error that
// says so, before the errors about its type parameters.
fn id<T>(v: T) -> T { v }

int main() = default {
    println!("{}", id(1));
    return 0;
}
