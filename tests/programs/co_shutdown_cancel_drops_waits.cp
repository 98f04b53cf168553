// The shutdown cancels coroutine A while it waits to receive: its registration on the
// channel goes with it. B and S, cancelled before A runs again, catch the shutdown's
// SIGTERM; B then waits on the same channel and S sends one message, which must wake B.
// (A's registration, left behind, used to take that wake-up: B waited for ever, S for
// B's answer, and the run ended in a false deadlock.)
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(4);
    let (ack, acks) = channel::<int>(1);
    let rb = rx;
    let b = spawn async {
        catch(SIGTERM) {
            timer::sleep(Duration::from_secs(60)).await;
        } recover {
            let v = rb.recv().await;
            println!("B got {:?}", v);
            ack.send(1).await;
        }
    };
    let ts = tx;
    let s = spawn async {
        catch(SIGTERM) {
            timer::sleep(Duration::from_secs(60)).await;
        } recover {
            ts.send(42).await;
            println!("S sent 42");
            acks.recv().await;
            drop(ts);
        }
    };
    let ra = rx;
    let a = spawn async {
        catch(SIGTERM) {
            let v = ra.recv().await;
            println!("A got {:?}", v);
        } recover {
            println!("A cancelled");
        }
    };
    drop(tx);
    drop(ack);
    timer::sleep(Duration::from_millis(20)).await;
    process::kill(process::id(), SIGTERM);
    catch(SIGTERM) {
        timer::sleep(Duration::from_secs(60)).await;
    } recover {
        println!("entry cancelled");
    }
    a.join().await;
    b.join().await;
    s.join().await;
    println!("done");
}
