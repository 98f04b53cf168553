// exit: 3
// A helper the cleanup after a return spawns calls exit(3), and the cleanup joins it: the
// cleanup cannot finish, so the exit goes ahead with status 3, and says why (no panic).
struct flush_stage {
    static void init() { println!("open"); }
    static void cleanup() {
        println!("cleanup start");
        let h = spawn async { println!("helper exits 3"); exit(3); 0 };
        println!("joined {}", h.join().await);
        println!("cleanup done");
    }
}
int main() = coroutine(flush_stage{}) {
    println!("body returns 5");
    5
}
