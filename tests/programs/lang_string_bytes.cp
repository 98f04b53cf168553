// A string's UTF-8 bytes: s.bytes() / s.as_bytes() (a Vec<u8>), against its chars.
fn main() = default {
    let s = "héllo";
    let b = s.bytes();
    println!("{} bytes, {} chars: {:?}", b.len(), s.chars().len(), b);
    let mut sum = 0;
    for x in s.as_bytes() { sum += x; }
    println!("{}", sum);
}
