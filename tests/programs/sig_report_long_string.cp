// exit: 70
// One long string in an unhandled signal's payload is cut too: the report quotes
// about 2 KB of it, cut between characters (each `é` is two bytes), then `..."`.
signal TOO_LONG { text: String, after: int }

fn main() = default {
    raise(TOO_LONG { text: "é".repeat(100000), after: 1 });
}
