// cmd: check
// exit: 1
// A scheduler parameter too large for any integer is a syntax error (the lexer's).
task<> g() = coroutine(.max_coroutines = 99999999999999999999) { }
