// A three-class stage: the class's functional class constructs it (that is its init)
// and destructs it at clean-up.
class Pool {
    size: int,
    constructed_by: PoolOps,
}

functional class PoolOps {
    fn construct(size: int) -> Pool {
        println!("pool of {}", size);
        Pool { size: size }
    }
    fn destruct(p: &mut Pool) {
        println!("pool of {} gone", p.size);
    }
}

struct banner_stage {
    static void init() { println!("banner"); }
}

int main() = default(banner_stage{}, Pool{.size = 4}) {
    println!("body");
    return 0;
}
