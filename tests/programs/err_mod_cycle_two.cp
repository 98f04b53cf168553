// exit: 1
// A cycle of two module files (ring.cp loads back.cp, which loads ring.cp) is an error.
mod ring;
int main() = default {
    return 0;
}
