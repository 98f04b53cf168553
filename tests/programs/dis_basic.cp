// cmd: dis
// stdout: entries:
// `cprime dis` on a source file shows the bytecode it compiles to.
int main() = default {
    return 1 + 2;
}
