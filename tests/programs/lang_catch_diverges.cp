// A `catch` whose body and `recover` block both leave the function (by `return` or a
// signal) is the function's last word: nothing follows it, and it compiles to valid
// bytecode (the jump over the `recover` block used to point past the end).
signal Boom;

fn g(x: int) except(Boom) -> int {
    if x > 0 {
        raise Boom;
    }
    x
}

fn f(x: int) -> int {
    catch(Boom) { return g(x)?; } recover { return -1; }
}

fn u(x: int) {
    catch(Boom) {
        if x > 0 {
            raise Boom;
        }
        return;
    } recover {
        println!("u recovered");
        return;
    }
}

int main() = default {
    u(0);
    u(1);
    println!("{} {}", f(0), f(1));
    return 0;
}
