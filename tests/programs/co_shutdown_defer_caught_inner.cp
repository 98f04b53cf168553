// A graceful shutdown comes while a coroutine waits in a `defer` it runs for a signal of
// its own, after that `defer` raised and caught another signal: the `defer` still runs
// whole (it used to be cut short at its wait: the caught signal had taken the unwinder's
// note that a `defer` ran), then the coroutine is cancelled where a `catch` would have
// recovered from its own signal.
signal OOPS;
signal INNER;
int parse() except(INNER) { raise INNER; }
task<> main() = coroutine {
    spawn async {
        catch(OOPS) {
            defer {
                let r = catch(INNER) { parse()? } recover { 7 };
                println!("defer caught INNER: {}", r);
                timer::sleep(Duration::from_millis(50)).await;
                println!("defer finished");
            }
            raise OOPS;
        } recover {
            println!("recovered from OOPS: not reached");
        }
        println!("after the catch: not reached");
    };
    timer::sleep(Duration::from_millis(20)).await;
    process::kill(process::id(), SIGTERM);
    timer::sleep(Duration::from_secs(30)).await;
}
