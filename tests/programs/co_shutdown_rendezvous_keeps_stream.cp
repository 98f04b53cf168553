// A rendezvous send (`channel(0)`) of a TcpStream waits, its message in the channel,
// until a receiver takes it. The graceful shutdown cancels it there: the send did not
// happen, so the stream is still the sender's: it writes to it afterwards.
task<> main() = coroutine {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let client = TcpStream::connect(listener.local_addr()).await?;
    let (stream, _) = listener.accept().await?;
    let (tx, rx) = channel::<TcpStream>(0);
    let h = spawn async {
        catch(SIGTERM) {
            tx.send(stream).await;
        } recover {
            println!("send cancelled");
            stream.write_all("still mine\n").await?;
        }
    };
    timer::sleep(Duration::from_millis(10)).await;
    catch(SIGTERM) {
        process::kill(process::id(), SIGTERM);
        timer::sleep(Duration::from_secs(60)).await;
    } recover {}
    h.join().await;
    println!("{:?}", client.read_line().await?);
    drop(rx);
}
