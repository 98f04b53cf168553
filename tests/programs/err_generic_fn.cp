// cmd: check
// exit: 1
// Generic functions, structs and enums are parsed but not type-checked yet: declaring
// one is an error that says so, before the errors about its type parameters.
fn id<T>(v: T) -> T { v }
struct W<T> { v: T }
enum Maybe<T> { Just(T), Nothing }

int main() = default {
    println!("{}", id(1));
    return 0;
}
