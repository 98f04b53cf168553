// exit: 3
// Entry points are ordinary functions too: other code may call them.
int helper_entry() = default {
    return 1;
}

int main() = default {
    return helper_entry() + 2;
}
