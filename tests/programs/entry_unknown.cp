// flags: --entry nope
// exit: 1
// --entry naming no entry point: an error listing the ones there are.
int main() = default {
    return 0;
}

int other() = default {
    return 0;
}
