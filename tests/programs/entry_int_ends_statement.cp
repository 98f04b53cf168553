// An `int` entry may end with a statement-like expression whose arms print (a `match`,
// a `catch`): it ends without a value, so it exits 0 (entry_int_ends.cp).
signal OOPS { n: int }
int main() = default {
    let x = 5;
    match x {
        5 => { println!("five"); }
        _ => { println!("other"); }
    }
    catch(OOPS) {
        println!("body");
    } recover {
        println!("recovered");
    }
}
