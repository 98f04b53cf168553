// `{:?}` with a width, an alignment, a fill, `+` or `0`: a composite value passes the spec
// to each number, bool, () and Duration inside (strings and chars are written as they are);
// alone, () and a Duration are padded as text. The output is rustc's for the same program.
int main() = default {
    println!("[{:05?}] [{:05}] [{:>6?}] [{:^7?}] [{:*<6?}]", true, true, false, (), true);
    println!("[{:10?}] [{:+?}] [{:>10.1?}] [{:010?}]", Duration::from_millis(1), Duration::from_millis(1), Duration::from_micros(1500), Duration::from_millis(2));
    println!("[{:5?}] [{:5?}] [{:+?}] [{:05?}]", 'c', "ab", -0.0, vec![-1.5, 2.0]);
    println!("[{:+05?}] [{:<5?}] [{:^5?}] [{:#>5?}]", vec![1, -1], vec![1u8], Some(2), (1, "x", 'y', true));
    println!("[{:+?}] [{:8.3?}] [{:+.2?}] [{:?}]", f64::NAN, vec![1.0 / 3.0], vec![f64::INFINITY], vec![1u64 << 63]);
    println!("[{:5?}] [{:>4?}]", vec![(1, 2)], vec![Some("a")]);
    let w = 6;
    println!("[{:w$?}] [{1:>2$?}] [{3:+?}]", vec![Duration::from_millis(3)], vec![true, false], 7, vec![Some(-3)]);
    println!("[{:#5?}]", vec![1, 2]);
    println!("[{:.1?}] [{:5.1?}] [{:.0?}] [{:.1?}]", (), (), vec![(), ()], Some(()));
    let mut m: HashMap<u8, bool> = HashMap::new();
    m.insert(7, false);
    println!("{:#6?}", m);
    let mut n: HashMap<int, ()> = HashMap::new();
    n.insert(-5, ());
    println!("{:#4?}", n);
    return 0;
}
