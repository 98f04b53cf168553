// cmd: check
// exit: 1
// A channel's capacity written as a negative number is an error; 0 is a rendezvous
// channel (co_rendezvous.cp).
task<> main() = coroutine {
    let (a, ra) = channel::<int>(0);
    let (b, rb) = channel::<int>(-3);
    let (c, rc) = channel::<int>(1);
}
