// s.parse::<T>() (or an expected Option<T>) parses a float for f64 and an integer of
// T's range otherwise: None where Rust's parse fails ("300" as a u8); as in Rust but
// with an Option for its Result. An unsigned type's text has no `-` (not even "-0"),
// and a u64 parses up to u64::MAX.
int main() = default {
    println!("{:?}", "3.5".parse::<f64>());
    println!("{:?}", "42".parse::<f64>());
    println!("{:?}", "300".parse::<u8>());
    println!("{:?}", "255".parse::<u8>());
    println!("{:?}", "-1".parse::<u32>());
    println!("{:?}", "-128".parse::<i8>());
    println!("{:?}", "12".parse::<int>());
    println!("{:?}", "x".parse::<int>());
    let f: Option<f64> = "2.5".parse();
    let n: Option<int> = "7".parse();
    println!("{:?} {:?} {:?}", f, n, "9".parse());
    println!("{:?} {:?} {:?}", "-0".parse::<u32>(), "-00".parse::<u8>(), "+7".parse::<u16>());
    println!("{:?} {:?}", "18446744073709551615".parse::<u64>() == Some(u64::MAX), "18446744073709551616".parse::<u64>());
    println!("{:?} {:?}", "-0".parse::<i8>(), "-5".parse::<usize>());
    0
}
