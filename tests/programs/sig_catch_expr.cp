// catch/recover is an expression; current_signal() is typed in recover; nested catches
// pick the innermost one that lists the signal.
signal PARSE_FAILED { input: String, message: String }
signal EMPTY;

fn parse(s: String) except(PARSE_FAILED | EMPTY) -> int {
    if s.len() == 0 { raise(EMPTY); }
    match s.parse_int() {
        Some(n) => n,
        None => raise(PARSE_FAILED { input: s, message: "not a number".to_string() }),
    }
}

fn main() = default {
    for input in ["12", "", "x7"] {
        let v = catch(PARSE_FAILED | EMPTY) {
            parse(input.to_string())?
        } recover {
            match current_signal() {
                PARSE_FAILED(e) => { println!("bad input {:?}: {}", e.input, e.message); -1 }
                EMPTY => { println!("empty input"); 0 }
            }
        };
        println!("value {}", v);
    }
    let r = catch(EMPTY) {
        catch(PARSE_FAILED) { parse("".to_string())? } recover { -10 }
    } recover { -20 };
    println!("outer caught: {}", r);
}
