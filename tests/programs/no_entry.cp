// exit: 1
// A function without `= RUNTIME` is not an entry point; a program needs one to run.
int main() {
    return 0;
}
