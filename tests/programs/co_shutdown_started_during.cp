// The graceful shutdown cancels every coroutine once: one started during it (here by the
// `recover` of a cancelled one) is cancelled at its first wait, its `defer` runs, and the
// program exits 0 at once (it waited out the 5 s grace period, then exited 143).
task<> main() = coroutine {
    spawn async {
        catch(SIGTERM) {
            timer::sleep(Duration::from_secs(60)).await;
        } recover {
            println!("cancelled; starting a cleanup helper");
            spawn async {
                defer { println!("helper cleaned up"); }
                timer::sleep(Duration::from_secs(60)).await;
            };
        }
    };
    timer::sleep(Duration::from_millis(20)).await;
    process::kill(process::id(), SIGTERM);
    timer::sleep(Duration::from_secs(60)).await;
}
