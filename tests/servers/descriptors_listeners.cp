// Under `ulimit -n 20` (tests/servers.rs): listeners kept until `bind` runs out of
// descriptors, then forgotten. The next `bind` runs out too; the sweep it asks for
// closes the forgotten listeners (a heap whose only sockets are listeners included:
// it used to be passed by), and it goes on.
task<> main(args: &[String]) = coroutine {
    let first = TcpListener::bind(args[0].clone()).await?;
    println!("listening on {}", first.local_addr());
    let mut kept = Vec::new();
    let mut full = false;
    while !full {
        catch(IO_ERROR) {
            kept.push(TcpListener::bind("127.0.0.1:0").await?);
        } recover {
            full = true;
        }
    }
    println!("full");
    kept = Vec::new();
    catch(IO_ERROR) {
        let l = TcpListener::bind("127.0.0.1:0").await?;
        println!("bound after forgetting them");
    } recover {
        println!("bind raised: {}", current_signal().message());
    }
}
