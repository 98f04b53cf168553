// exit: 1
// Several entry points, none named main, no --entry: an error listing them all.
int production() = default {
    return 0;
}

int debug() = default {
    return 0;
}

int staging() = default {
    return 0;
}
