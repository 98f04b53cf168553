// A rendezvous send the shutdown cancels before any receiver took its message takes
// the message back: the send did not happen, so the coroutine that catches the shutdown
// and sends again delivers one message, not two.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(0);
    let (log, lines) = channel::<String>(16);
    spawn async {
        catch(SIGTERM) {
            tx.send(1).await;
            log.send("send 1 returned".to_string()).await;
        } recover {
            log.send("send 1 cancelled".to_string()).await;
        }
        tx.send(2).await;
        log.send("send 2 returned".to_string()).await;
    };
    catch(SIGTERM) {
        timer::sleep(Duration::from_millis(10)).await;
        process::kill(process::id(), SIGTERM);
        timer::sleep(Duration::from_secs(60)).await;
    } recover {
        println!("entry caught the shutdown");
    }
    let a = rx.recv().await;
    let b = select {
        v = rx.recv() => v,
        _ = timer::after(Duration::from_millis(100)) => Some(-1),
    };
    println!("entry received {:?} then {:?}", a, b);
    timer::sleep(Duration::from_millis(10)).await;
    while let Some(l) = select {
        l = lines.recv() => l,
        _ = timer::after(Duration::from_millis(50)) => None,
    } {
        println!("{}", l);
    }
}
