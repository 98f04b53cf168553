// exit: 1
// A file that loads itself as a module is an error (it was loaded again and again until
// the compiler ran out of memory).
mod err_mod_cycle;
int main() = default {
    return 0;
}
