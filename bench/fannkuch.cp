// fannkuch-redux: count pancake flips over all permutations of 0..n-1, n = 10 (3,628,800 permutations).
// Measures tight integer loops and Vec<int> indexing; prints the checksum and the maximum flip count.
fn fannkuch(n: int) {
    let perm1: Vec<int> = Vec::new();
    for i in 0..n { perm1.push(i); }
    let perm = vec![0; n];
    let count = vec![0; n];
    let mut r = n;
    let mut perm_count = 0;
    let mut checksum = 0;
    let mut max_flips = 0;
    loop {
        while r != 1 {
            count[r - 1] = r;
            r -= 1;
        }
        for i in 0..n { perm[i] = perm1[i]; }
        let mut flips = 0;
        let mut k = perm[0];
        while k != 0 {
            let mut i = 0;
            let mut j = k;
            while i < j {
                let t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
                i += 1;
                j -= 1;
            }
            flips += 1;
            k = perm[0];
        }
        if flips > max_flips { max_flips = flips; }
        if perm_count % 2 == 0 { checksum += flips; } else { checksum -= flips; }
        // next permutation
        loop {
            if r == n {
                println!("{}", checksum);
                println!("Pfannkuchen({}) = {}", n, max_flips);
                return;
            }
            let perm0 = perm1[0];
            for i in 0..r { perm1[i] = perm1[i + 1]; }
            perm1[r] = perm0;
            count[r] -= 1;
            if count[r] > 0 { break; }
            r += 1;
        }
        perm_count += 1;
    }
}

fn main() = default {
    fannkuch(10);
}
