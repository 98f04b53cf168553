// flags: --entry second
// exit: 5
// Several entry points: --entry picks one.
int first() = default {
    println!("first");
    return 0;
}

int second() = default {
    println!("second");
    return 5;
}
