// After a caught OOM, the objects the failed block made are garbage: the next
// allocation that does not fit collects them first, instead of raising OOM again
// until the next safepoint.
fn main() = default(.heap_size = 2_MB) {
    let big = vec![0; 180000];
    let r = catch(OOM) {
        let v: Vec<String> = Vec::new();
        for i in 0..20000 {
            v.push("abcdefghijklmnopqrstuvwxyz".to_string() + &i.to_string());
        }
        v.len() as int
    } recover { -1 };
    let s = catch(OOM) { r.to_string() } recover { "oom1".to_string() };
    let t = catch(OOM) { "x".to_string() + &s } recover { "oom2".to_string() };
    let u = catch(OOM) { format!("{} {}", s, t) } recover { "oom3".to_string() };
    println!("{} {} {} {}", big.len(), s, t, u);
}
