// exit: 1
// Lexer errors in string and character literals (escapes, empty, long, unclosed) and a stray `$`.
fn main() = default {
    let a = "bad \x80 escape";
    let b = "bad \u{110000} escape";
    let c = "bad \q escape";
    let d = '';
    let e = 'ab';
    let f = '\n;
    let g = 1 $;
    let h = '(2);
}
