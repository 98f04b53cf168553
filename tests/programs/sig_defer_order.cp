// A signal runs every pending cleanup of the blocks it leaves, newest first, each once:
// - raised in the body: both defers run;
// - raised by the newer defer at the block's end: the older one still runs;
// - raised by an older defer while an early `return` runs the cleanups: the newer one
//   (run already) and the raising one do not run again; the outer block's does.
signal Boom;

fn in_body() except(Boom) {
    defer { println!("in_body: older"); }
    defer { println!("in_body: newer"); }
    raise Boom;
}

fn at_end() except(Boom) {
    defer { println!("at_end: older"); }
    defer {
        println!("at_end: newer raises");
        raise Boom;
    }
    println!("at_end: body");
}

fn on_return() -> int except(Boom) {
    defer { println!("on_return: outer"); }
    {
        defer {
            println!("on_return: older raises");
            raise Boom;
        }
        defer { println!("on_return: newer"); }
        return 1;
    }
}

int main() = default {
    catch(Boom) { in_body()?; } recover { println!("caught in_body"); }
    catch(Boom) { at_end()?; } recover { println!("caught at_end"); }
    catch(Boom) { on_return()?; } recover { println!("caught on_return"); }
    return 0;
}
