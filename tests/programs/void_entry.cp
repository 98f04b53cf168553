// A void entry point exits with status 0.
void main() = default {
    println!("void entry");
}
