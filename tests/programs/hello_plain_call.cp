// The plain call forms of printing: println("x") and eprintln("x").
int app() = default {
    println("Hello, plain calls");
    eprintln("this line goes to stderr");
    return 0;
}
