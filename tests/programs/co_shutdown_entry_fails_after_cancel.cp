// exit: 70
// The entry catches the shutdown's signal and fails with a signal of its own: the
// shutdown completes (the other coroutine's `defer` runs), then the entry's report is
// shown and the status is 70. A cancelled entry that ends quietly exits 0
// (co_shutdown_body_catches.cp).
signal SAVE_FAILED;
task<> main() = coroutine {
    spawn async {
        defer { println!("worker cleaned up"); }
        timer::sleep(Duration::from_secs(60)).await;
    };
    timer::sleep(Duration::from_millis(20)).await;
    catch(SIGTERM) {
        process::kill(process::id(), SIGTERM);
        timer::sleep(Duration::from_secs(60)).await;
    } recover {
        println!("entry cancelled; saving state fails");
        raise SAVE_FAILED;
    }
}
