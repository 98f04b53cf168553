// exit: 1
// A struct with fields is not a value by its name alone (a unit struct is).
struct Point { x: int, y: int }
int main() = default {
    let p = Point;
    0
}
