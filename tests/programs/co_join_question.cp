// `h.await?` marks a join as `h.join().await?` does: the join raises what the coroutine
// ended with, here caught around it.
signal BAD { code: int }
async fn fail(code: int) -> int except(BAD) {
    raise BAD { code: code };
}
async fn fine() -> int { 7 }
task<> main() = coroutine {
    let bad = spawn fail(3);
    let good = spawn fine();
    println!("{}", good.await?);
    let r = catch(BAD) {
        bad.await?
    } recover {
        println!("recovered {:?}", current_signal());
        -1
    };
    println!("{}", r);
}
