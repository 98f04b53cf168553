// exit: 2
// The OS keeps the low 8 bits of the status, as with exit(258) in C.
int main() = default {
    return 258;
}
