// A graceful shutdown comes while a `defer` runs for a signal of the coroutine's own
// that the `defer` raises and catches again inside (the same object: a stored signal,
// or a fault's): the `defer` still runs whole. It used to be cut short at its wait, the
// inner raise being taken for the `defer`'s closing one.
signal OOPS;
int zero() { return 0; }
task<> main() = coroutine {
    spawn async {
        let s = OOPS {};
        catch(OOPS) {
            defer {
                let r = catch(OOPS) { raise s; 0 } recover { 1 };
                println!("stored signal: defer caught {}", r);
                timer::sleep(Duration::from_millis(50)).await;
                println!("stored signal: defer finished");
            }
            raise s;
        } recover {
            println!("recovered: not reached");
        }
    };
    spawn async {
        catch(DIVIDE_BY_ZERO) {
            defer {
                let r = catch(DIVIDE_BY_ZERO) { 5 / zero() } recover { -1 };
                println!("fault: defer caught {}", r);
                timer::sleep(Duration::from_millis(80)).await;
                println!("fault: defer finished");
            }
            println!("{}", 10 / zero());
        } recover {
            println!("recovered: not reached");
        }
    };
    timer::sleep(Duration::from_millis(20)).await;
    process::kill(process::id(), SIGTERM);
    timer::sleep(Duration::from_secs(30)).await;
}
