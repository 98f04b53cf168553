// exit: 1
// A limit stage with a size of zero or less is refused, as `.heap_size = 0` is:
// `heap::set_limit(0)` would mean no limit at all. Alternatives are checked too.
int main() = default(heap_stage{.size = 0}, stack_stage{-1} catch { heap_stage{0} }) {
    println!("never");
}
