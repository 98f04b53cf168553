// A graceful shutdown comes while a coroutine waits in a `defer` it runs for a signal of
// its own: the `defer` runs whole, then the coroutine is cancelled where a `catch`
// would have recovered from its signal (the shutdown's signal goes on in its place). It
// used to be passed by, run on, and hold the shutdown until its grace period ended.
// A signal raised and caught inside the `defer` is that `defer`'s own business.
signal OOPS;
signal INNER;
task<> main() = coroutine {
    spawn async {
        catch(OOPS) {
            defer {
                timer::sleep(Duration::from_millis(50)).await;
                let r = catch(INNER | SIGTERM) { raise INNER; 0 } recover { 1 };
                println!("defer finished {}", r);
            }
            raise OOPS;
        } recover {
            println!("recovered from OOPS: not reached");
        }
        timer::sleep(Duration::from_secs(60)).await;
    };
    // the same in a loop, whose only waits are in the `defer`
    spawn async {
        let mut rounds = 0;
        loop {
            catch(OOPS) {
                defer { timer::sleep(Duration::from_millis(5)).await; }
                raise OOPS;
            } recover { rounds += 1; }
        }
    };
    timer::sleep(Duration::from_millis(20)).await;
    process::kill(process::id(), SIGTERM);
    timer::sleep(Duration::from_secs(30)).await;
}
