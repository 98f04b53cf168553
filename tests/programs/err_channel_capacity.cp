// cmd: check
// exit: 1
// Channels are buffered: a capacity written as 0 or a negative number is an error (there
// are no rendezvous channels to mean).
task<> main() = coroutine {
    let (a, ra) = channel::<int>(0);
    let (b, rb) = channel::<int>(-3);
    let (c, rc) = channel::<int>(1);
}
