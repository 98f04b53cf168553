// A scheduler handler whose own coroutine fails with the kind it handles is not handed
// that signal again (it would run forever, ahead of everything else): its failure is
// reported on stderr like any unhandled signal, and the program goes on. (No .err: the
// coroutine numbers depend on when the collector frees join handles.)
signal JOB_FAILED { job: int }

fn work(job: int) except(JOB_FAILED) -> int {
    if job > 0 {
        raise(JOB_FAILED { job: job });
    }
    0
}

task<> main() = std::CoroutineScheduler {
    let scheduler = CoroutineScheduler::new()
        .handle(JOB_FAILED, |s| async {
            println!("handler: job {}", s.job);
            work(s.job + 1)?;
        });
    spawn async { work(1)? };
    timer::sleep(Duration::from_millis(20)).await;
    scheduler.run().await;
    println!("main done");
}
