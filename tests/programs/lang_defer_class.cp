// defer runs at scope exit in reverse order; a three-class object's destruct runs when
// its owning binding leaves scope.
class File {
    name: String,
    constructed_by: FileOps,
}

functional class FileOps {
    fn construct(name: String) -> File {
        println!("open {}", name);
        File { name: name }
    }
    fn destruct(f: &mut File) {
        println!("close {}", f.name);
    }
}

fn work() -> int {
    defer { println!("deferred 1"); }
    defer { println!("deferred 2"); }
    let f = FileOps::construct("a.txt".to_string());
    println!("working on {}", f.name);
    return 7;
}

fn main() = default {
    println!("result {}", work());
    {
        let g = FileOps::construct("b.txt".to_string());
        println!("inner {}", g.name);
    }
    println!("end");
}
