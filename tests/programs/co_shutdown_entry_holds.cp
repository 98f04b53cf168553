// A graceful shutdown cancels the entry last, once the others have finished; but when
// every other coroutine waits for what only the entry can give (a message on the
// channel whose only sender the entry holds), the entry is cancelled then: its end
// closes the channel, the waiting coroutine sees `None` and finishes, and the process
// exits 0 (it used to wait out the 5 s grace period and exit 143).
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    spawn async {
        catch(SIGTERM) {
            timer::sleep(Duration::from_secs(60)).await;
        } recover {
            println!("worker caught the shutdown");
        }
        let v = rx.recv().await;
        println!("then received {:?}", v);
    };
    defer { println!("entry cleaned up"); }
    timer::sleep(Duration::from_millis(10)).await;
    process::kill(process::id(), SIGTERM);
    timer::sleep(Duration::from_secs(60)).await;
    tx.send(1).await;
}
