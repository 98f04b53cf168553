// The body returns; its stage's cleanup spawns a coroutine and joins it, and the
// graceful shutdown begins meanwhile. As during the cleanup for `exit(n)`, a shutdown
// that finds the entry cleaning up cancels nothing: the helper, spawned before the
// signal, and the one spawned after it both finish, the cleanup runs to its end and the
// process exits 0. (The helpers used to be cancelled: their joins raised SIGTERM inside
// the cleanup, which ended silently after `cleanup start`.)
struct flush_stage {
    static void init() { println!("open"); }
    static void cleanup() {
        println!("cleanup start");
        let h = spawn async {
            timer::sleep(Duration::from_millis(30)).await;
            40
        };
        process::kill(process::id(), SIGTERM);
        println!("cleanup joined {}", h.join().await);
        let h2 = spawn async {
            timer::sleep(Duration::from_millis(10)).await;
            2
        };
        println!("cleanup joined {}", h2.join().await);
        println!("cleanup done");
    }
}

task<> main() = coroutine(flush_stage{}) {
    println!("body returns");
}
