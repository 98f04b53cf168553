// Vec and HashMap: growth, indexing, iteration, lookups returning Option.
use std::collections::HashMap;

fn main() = default {
    let mut v: Vec<int> = Vec::new();
    for i in 0..5 { v.push(i * i); }
    println!("{:?} len {}", v, v.len());
    v[0] = 100;
    v.insert(1, 7);
    let removed = v.remove(2);
    println!("{:?} removed {}", v, removed);
    println!("{:?} {:?}", v.first(), v.get(99));
    v.sort();
    println!("{:?} contains 9: {}", v, v.contains(9));
    let zeros = vec![0; 4];
    println!("{:?}", zeros);
    let grid = vec![vec![1, 2], vec![3, 4]];
    println!("{}", grid[1][0]);
    let mut ages = HashMap::new();
    ages.insert("ann".to_string(), 31);
    ages.insert("bob".to_string(), 27);
    ages.insert("ann".to_string(), 32);
    println!("{} entries", ages.len());
    println!("{:?} {:?}", ages.get("ann"), ages.get("zed"));
    println!("{}", ages.contains_key("bob"));
    for (name, age) in &ages {
        println!("{} is {}", name, age);
    }
    let total: int = ages.values().iter().sum();
    println!("total {}", total);
    println!("{}", ages.get("bob").unwrap_or(0) + ages.get("nobody").unwrap_or(1));
}
