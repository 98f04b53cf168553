// A signal unhandled inside a coroutine ends that coroutine only and goes to the
// scheduler handler registered for its kind, with its payload; the handler runs in a new
// coroutine before the failed one counts as finished, so `scheduler.run().await` waits
// for it too. A kind without a handler is reported on stderr as before.
signal JOB_FAILED { job: int, reason: String }
signal OTHER;

fn work(job: int) except(JOB_FAILED) -> int {
    if job % 2 == 1 {
        raise(JOB_FAILED { job: job, reason: "odd".to_string() });
    }
    job * 10
}

task<> main() = std::CoroutineScheduler {
    let scheduler = CoroutineScheduler::new()
        .handle(JOB_FAILED, |s| async {
            println!("job {} failed: {}", s.job, s.reason);
        });
    for j in 0..4 {
        spawn async {
            println!("job {} gave {}", j, work(j)?);
        };
    }
    spawn async {
        raise(OTHER);
    };
    scheduler.run().await;
    println!("every job and handler finished");
}
