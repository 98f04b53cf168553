// exit: 42
// The entry point's int return value is the process exit status.
int main() = default {
    return 40 + 2;
}
