// Several entry points and no --entry: `main` runs when there is one.
int tool() = default {
    println!("tool");
    return 1;
}

int main() = default {
    println!("main");
    return 0;
}
