// exit: 143
// A second SIGTERM/SIGINT during a graceful shutdown ends the process at once, with
// 128 + the signal number. Here a coroutine catches the first one and, instead of
// finishing, sends another.
task<> main() = coroutine {
    spawn async {
        catch(SIGTERM) {
            thread::sleep(Duration::from_millis(5000));
        } recover {
            println!("worker caught the shutdown; sending another SIGTERM");
            process::kill(process::id(), SIGTERM);
            thread::sleep(Duration::from_millis(5000));
        }
    };
    thread::sleep(Duration::from_millis(10));
    process::kill(process::id(), SIGTERM);
    thread::sleep(Duration::from_millis(5000));
}
