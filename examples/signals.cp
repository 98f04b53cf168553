// Internal signals: raise, except(..), catch/recover, and a runtime fault.
//
//   cargo run --release -- run examples/signals.cp
signal CONFIG_ERROR { message: String, line: int }

fn parse_port(text: String, line: int) except(CONFIG_ERROR) -> int {
    match text.parse_int() {
        Some(port) => port,
        None => raise(CONFIG_ERROR { message: "not a number: " + text, line: line }),
    }
}

fn main() = default {
    let port = catch(CONFIG_ERROR) {
        parse_port("80x", 3)?
    } recover {
        match current_signal() {
            CONFIG_ERROR(e) => {
                eprintln!("config line {}: {}", e.line, e.message);
                8080
            }
        }
    };
    println!("port = {}", port);

    let v = vec![1, 2, 3];
    let third = catch(INDEX_ERROR) { v[5] } recover { -1 };
    println!("v[5] = {}", third);
}
