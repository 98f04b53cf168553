// exit: 1
// A limit stage with a size of zero or less is refused, as `.heap_size = 0` is:
// `heap::set_limit(0)` would mean no limit at all. Alternatives are checked too, and a
// limit stage without its size (which would be 0).
int main() = default(heap_stage{.size = 0}, stack_stage{-1} catch { heap_stage{0} }) {
    println!("never");
}

int other() = default(heap_stage{}) {
    0
}
