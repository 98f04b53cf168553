// A body that catches the shutdown's cancellation and returns normally: its stages are
// still cleaned up by the scheduler once every coroutine has finished, so what the
// cleanup spawns and joins is not cancelled.
struct flush_stage {
    static void init() {}
    static void cleanup() {
        println!("flush start");
        let h = spawn async {
            timer::sleep(Duration::from_millis(10)).await;
            40
        };
        println!("flush joined {}", h.join().await);
        println!("flush end");
    }
}

task<> main() = coroutine(flush_stage{}) {
    process::kill(process::id(), SIGTERM);
    let r = catch(SIGTERM) { timer::sleep(Duration::from_secs(5)).await; 0 } recover {
        println!("entry cancelled, returns normally");
        1
    };
    println!("r = {}", r);
}
