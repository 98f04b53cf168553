// A graceful shutdown comes while a coroutine waits in a `defer` it runs for a signal of
// its own, and the `defer` then replaces that signal by another one, which a `catch`
// recovers from: the coroutine is cancelled there, as it would have been for its own
// signal (it used to run on uncancelled, holding the shutdown until the grace period
// ended with status 143).
signal OOPS;
signal OTHER;
task<> main() = coroutine {
    spawn async {
        catch(OTHER) {
            defer {
                timer::sleep(Duration::from_millis(50)).await;
                println!("defer finished, raising OTHER");
                raise OTHER;
            }
            raise OOPS;
        } recover {
            println!("recovered from OTHER: not reached");
        }
        timer::sleep(Duration::from_secs(60)).await;
        println!("after the catch: not reached");
    };
    timer::sleep(Duration::from_millis(20)).await;
    process::kill(process::id(), SIGTERM);
    timer::sleep(Duration::from_secs(30)).await;
}
