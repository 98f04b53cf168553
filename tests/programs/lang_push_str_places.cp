// `push_str` and `push` change a string wherever it is held: a variable, a field, a
// vector's element, a field of an element (strings are values: the place gets the
// longer string). On a place of another type they are that type's methods.
struct Person { name: String, tags: Vec<String> }

int main() = default {
    let mut s = "a".to_string();
    s.push_str("b");
    s.push('c');
    let mut names = vec!["x".to_string(), "y".to_string()];
    names[0].push_str("1");
    names[1].push('2');
    let mut people = vec![Person { name: "ann".to_string(), tags: vec![] }];
    people[0].name.push_str(" lee");
    people[0].name.push('!');
    people[0].tags.push("admin".to_string());
    people[0].tags[0].push_str("+");
    let mut grid = vec![vec![1]];
    grid[0].push(2);
    println!("{} {:?} {} {:?} {:?}", s, names, people[0].name, people[0].tags, grid);
    return 0;
}
