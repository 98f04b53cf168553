// exit: 101
// `.max_coroutines` bounds the coroutines alive at once (the entry's included).
task<> main() = coroutine(.max_coroutines = 5) {
    for i in 0..10 {
        spawn async {
            loop { }
        };
        println!("spawned {}", i);
    }
}
