// exit: 1
// Two enums of one name, the second with more variants: reported as defined twice
// (the second once indexed past the first one's variants and crashed the compiler;
// found by the parse fuzzer).
enum Shape { Cg() }
enum Shape { Circle(int), Dot }

fn main() = default {
}
