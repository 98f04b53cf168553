// A send of a TcpStream waits for a place on a full channel (capacity 1). The graceful
// shutdown cancels it there: the send did not happen, so the stream is still the
// sender's: it writes to it afterwards.
// (A rendezvous send of a stream cancelled while it waits for the taking keeps it too:
// co_shutdown_rendezvous_keeps_stream.cp.)
task<> main() = coroutine {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let client = TcpStream::connect(listener.local_addr()).await?;
    let (stream, _) = listener.accept().await?;
    let other = TcpStream::connect(listener.local_addr()).await?;
    let (filler, _) = listener.accept().await?;
    let (tx, rx) = channel::<TcpStream>(1);
    tx.send(filler).await;
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
    drop(other);
}
