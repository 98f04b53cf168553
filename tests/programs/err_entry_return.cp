// exit: 1
// An entry point's value is the process's exit status: it returns `int` or nothing.
String main() = default { "x" }

task<String> served() = coroutine { "y" }
