// A coroutine that catches the shutdown's SIGTERM and goes on waiting: after the grace
// period (5 s) the process ends with 143 and says why on stderr (tests/signals.rs).
task<> main() = coroutine {
    let h = spawn async {
        loop {
            catch(SIGTERM) {
                timer::sleep(Duration::from_secs(30)).await;
            } recover {
                println!("caught SIGTERM, going on");
            }
        }
    };
    timer::sleep(Duration::from_millis(20)).await;
    println!("ready");
    h.join().await;
}
