// With a scheduler handler for a signal kind, a coroutine's unhandled signal goes to the
// handler; a joiner that catches the copy its join raises handles it there (the handler
// ran once). A joiner that does not catch it fails in turn with the same kind, and the
// handler runs again, for the joiner.
signal JOB_FAILED { job: int }

fn work(job: int) except(JOB_FAILED) -> int {
    raise(JOB_FAILED { job: job });
    0
}

task<> main() = std::CoroutineScheduler {
    let scheduler = CoroutineScheduler::new()
        .handle(JOB_FAILED, |s| async {
            println!("handler: job {}", s.job);
        });
    let first = spawn async { work(1)? };
    let v = catch(JOB_FAILED) { first.join().await } recover { -1 };
    println!("caught at the join: {}", v);
    let second = spawn async { work(2)? };
    let joiner = spawn async { second.join().await };
    let w = catch(JOB_FAILED) { joiner.join().await } recover { -2 };
    println!("the joiner failed too: {}", w);
    scheduler.run().await;
    println!("done");
}
