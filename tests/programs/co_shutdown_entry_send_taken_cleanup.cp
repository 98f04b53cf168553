// The entry's rendezvous send is taken, then the receiver asks for the graceful
// shutdown: the send completes (it happened), the body returns, and the stages' cleanup
// runs whole, waiting included, once; exit 0. (The entry, left to be cancelled where it
// next stopped, used to be cancelled inside that cleanup, whose signal then went
// nowhere: the run waited out the 5 s grace period and exited 143.)
struct flush_stage {
    static void init() { println!("open"); }
    static void cleanup() {
        println!("cleanup start");
        timer::sleep(Duration::from_millis(20)).await;
        println!("cleanup done");
    }
}

task<> main() = coroutine(flush_stage{}) {
    let (tx, rx) = channel::<int>(0);
    spawn async {
        let v = rx.recv().await;
        process::kill(process::id(), SIGTERM);
        println!("receiver got {:?}", v);
    };
    tx.send(1).await;
    println!("entry: sent");
}
