// A signal runs every pending cleanup of the blocks it leaves, newest first, each once:
// - raised in the body: both defers run;
// - raised by the newer defer at the block's end: the older one still runs;
// - raised by an older defer while an early `return` runs the cleanups: the newer one
//   (run already) and the raising one do not run again; the outer block's does;
// - raised by a defer of a block around a `catch`, run because a `return`, `continue` or
//   `break` leaves the `catch` body: that `catch` does not catch it (the signal comes
//   from outside it), and the defer runs once.
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

fn leaving_a_catch() -> int except(Boom) {
    {
        defer {
            println!("leaving_a_catch: defer raises");
            raise Boom;
        }
        catch(Boom) { return 1; } recover { println!("leaving_a_catch: wrongly recovered"); }
        println!("leaving_a_catch: not reached");
    }
    return 2;
}

fn loop_leaving_a_catch() except(Boom) {
    for i in 0..3 {
        defer {
            println!("loop_leaving_a_catch: iteration {} left", i);
            if i == 1 {
                raise Boom;
            }
        }
        catch(Boom) {
            if i == 0 {
                continue;
            }
            break;
        } recover { println!("loop_leaving_a_catch: wrongly recovered"); }
    }
}

int main() = default {
    catch(Boom) { in_body()?; } recover { println!("caught in_body"); }
    catch(Boom) { at_end()?; } recover { println!("caught at_end"); }
    catch(Boom) { on_return()?; } recover { println!("caught on_return"); }
    catch(Boom) { leaving_a_catch()?; } recover { println!("caught leaving_a_catch"); }
    catch(Boom) { loop_leaving_a_catch()?; } recover { println!("caught loop_leaving_a_catch"); }
    return 0;
}
