// The default runtime: a handler whose signal abandons a waiting `connect` (the test's
// listener has a full queue) closes the socket it was connecting: the process holds
// no socket but the ones it had before (tests/signals.rs counts them while it sleeps).
signal GIVE_UP;

int main(args: &[String]) = default {
    signal(SIGUSR1, |s| { raise GIVE_UP; });
    println!("ready");
    catch(GIVE_UP) {
        let stream = TcpStream::connect(args[0])?;
        println!("connected to {}", stream.peer_addr());
    } recover {
        println!("gave up");
    }
    thread::sleep(Duration::from_secs(3));
    return 0;
}
