// A rendezvous send whose message the receiver has taken has happened, even if the
// sender has not run since: the graceful shutdown reaching the sender then lets the send
// complete and cancels it where it next stops. (It used to raise SIGTERM out of the
// send, so a `recover` that retried delivered the message twice: `got 1` twice.)
// The entry takes the message and at once asks for the shutdown, then works on; the
// sender is cancelled before, or after, it runs again: either way it is in its sleep. The entry
// is cancelled in its work or its wait, or sees the end of the channel: it goes on alike.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(0);
    spawn async {
        let mut sent = false;
        catch(SIGTERM) {
            tx.send(1).await;
            sent = true;
            timer::sleep(Duration::from_secs(60)).await;
        } recover {
            if sent {
                println!("sender: cancelled after its send");
            } else {
                println!("sender: send cancelled; sending again");
                tx.send(1).await;
            }
        }
    };
    let first = rx.recv().await;
    println!("got {:?}", first);
    process::kill(process::id(), SIGTERM);
    catch(SIGTERM) {
        let mut big = vec![0; 400000];
        let mut x = 12345;
        for i in 0..400000 {
            x = (x * 1103515245 + 12345) % 2147483648;
            big[i] = x;
        }
        big.sort();
        loop {
            match rx.recv().await {
                Some(v) => println!("got {}", v),
                None => break,
            }
        }
    } recover {
    }
    println!("entry done");
}
