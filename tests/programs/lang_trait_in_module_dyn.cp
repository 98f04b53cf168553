// A trait declared in a module names that module's types in its methods; a call
// through `dyn` from outside the module reads them where the trait is declared.
mod shapes {
    pub struct Scale { pub k: int }
    pub trait Area {
        fn area(&self, s: Scale) -> int;
    }
}

use shapes::Area;

struct Sq { side: int }

impl Area for Sq {
    fn area(&self, s: shapes::Scale) -> int { self.side * self.side * s.k }
}

int main() = default {
    let d: Box<dyn Area> = Box::new(Sq { side: 3 });
    println!("{}", d.area(shapes::Scale { k: 2 }));
    return 0;
}
