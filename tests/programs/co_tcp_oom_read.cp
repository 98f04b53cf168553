// A socket read whose text does not fit the heap raises OOM and gives the text back to
// its socket: a caught OOM loses nothing, and the next read of another stream gets that
// stream's own line (it once got the stashed line of the first).
task<> main() = coroutine(.heap_size = 1_MB) {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr();
    let ca = TcpStream::connect(addr).await?;
    let (a, _) = listener.accept().await?;
    let cb = TcpStream::connect(addr).await?;
    let (b, _) = listener.accept().await?;
    ca.write_all("A".repeat(300000) + "\n").await?;
    cb.write_all("small line from B\n").await?;
    timer::sleep(Duration::from_millis(50)).await;
    let mut ballast = "x".repeat(800000);
    let r = catch(OOM) { let l = a.read_line().await?; l.unwrap().len() } recover { -1 };
    println!("read A under pressure: {}", r);
    println!("ballast {}", ballast.len());
    let lb = b.read_line().await?.unwrap();
    println!("read from B: len {} starts {:?}", lb.len(), lb.slice(0, 5));
    let la = a.read_line().await?;
    match la { Some(s) => println!("read from A again: len {}", s.len()), None => println!("A: None") }
}
