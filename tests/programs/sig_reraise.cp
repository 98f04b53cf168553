// raise(current_signal()) re-raises; name() and message() work on every signal.
signal DB_ERROR { message: String }
signal QUIT;

fn query() except(DB_ERROR) -> int {
    raise(DB_ERROR { message: "connection lost".to_string() });
}

fn layer() except(DB_ERROR) -> int {
    catch(DB_ERROR) { query()? } recover {
        println!("layer saw {}: {}", current_signal().name(), current_signal().message());
        raise(current_signal());
    }
}

fn main() = default {
    let v = catch(DB_ERROR) { layer()? } recover { 5 };
    println!("v = {}", v);
    let q = catch(QUIT) { raise(QUIT); } recover { current_signal().message() };
    println!("message of a field-less signal is its name: {}", q);
}
