// `spawn x.m(args)` of an `async` method: the receiver and the arguments are evaluated
// in the spawner and copied into the new coroutine, as a `spawn async { .. }` block's
// captures are (so a `&mut self` method changes the coroutine's copy, not the
// spawner's); `spawn x.m(args).await` spawns and waits.
signal TOO_BIG { n: int }
struct Account { name: String, balance: int }
impl Account {
    async fn deposit(&mut self, n: int, log: Sender<String>) -> int except(TOO_BIG) {
        if n > 1000 {
            raise TOO_BIG { n: n };
        }
        timer::sleep(Duration::from_millis(2)).await;
        self.balance += n;
        log.send(format!("{} +{}", self.name, n)).await;
        self.balance
    }
    async fn report(&self) -> String {
        format!("{}: {}", self.name, self.balance)
    }
}
fn amount(n: int) -> int {
    println!("argument evaluated in the spawner: {}", n);
    n
}
task<> main() = coroutine {
    let mut acct = Account { name: "a".to_string(), balance: 10 };
    let (tx, rx) = channel::<String>(4);
    // spawned first: coroutine 1 in the report, however soon the others' ids recycle
    let big = spawn acct.deposit(5000, tx.clone());
    let h = spawn acct.deposit(amount(5), tx.clone());
    println!("spawned");
    println!("the coroutine's copy: {}", h.join().await);
    println!("the spawner's: {}", acct.balance);
    println!("{:?}", rx.recv().await);
    println!("{}", spawn acct.report().await);
    drop(tx);
    catch(TOO_BIG) {
        big.join().await;
    } recover {
        println!("joined a failure: {:?}", current_signal());
    }
}
