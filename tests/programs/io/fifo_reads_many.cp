// Driven by tests/blocking_io.rs: 100 file reads that block (FIFOs with no writer yet),
// more than the 64 file threads there used to be at most, and then a write and a read of
// a plain file, which must not wait behind them.
task<> main(args: &[String]) = coroutine {
    let dir = args[0].clone();
    let mut readers: Vec<JoinHandle<String>> = Vec::new();
    for i in 0..100 {
        let path = format!("{}/pipe{}", dir, i);
        readers.push(spawn async { fs::read_to_string(path)? });
    }
    println!("waiting");
    // (every reader has started its read by the time this sleep ends)
    timer::sleep(Duration::from_millis(100)).await;
    let out = format!("{}/out.txt", dir);
    fs::write(out.clone(), "done")?;
    println!("wrote and read back {:?} while 100 reads waited", fs::read_to_string(out)?);
    let mut bytes = 0;
    for r in readers {
        bytes += r.join().await.len();
    }
    println!("the reads got {} bytes", bytes);
}
