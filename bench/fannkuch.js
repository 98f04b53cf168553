// fannkuch-redux: count pancake flips over all permutations of 0..n-1, n = 10 (3,628,800 permutations).
// Measures tight integer loops and array indexing; prints the checksum and the maximum flip count.
"use strict";
function fannkuch(n) {
  const perm1 = [];
  for (let i = 0; i < n; i++) perm1.push(i);
  const perm = new Array(n).fill(0);
  const count = new Array(n).fill(0);
  let r = n;
  let permCount = 0, checksum = 0, maxFlips = 0;
  for (;;) {
    while (r !== 1) {
      count[r - 1] = r;
      r -= 1;
    }
    for (let i = 0; i < n; i++) perm[i] = perm1[i];
    let flips = 0;
    let k = perm[0];
    while (k !== 0) {
      let i = 0, j = k;
      while (i < j) {
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        i += 1;
        j -= 1;
      }
      flips += 1;
      k = perm[0];
    }
    if (flips > maxFlips) maxFlips = flips;
    if (permCount % 2 === 0) checksum += flips; else checksum -= flips;
    // next permutation
    for (;;) {
      if (r === n) {
        console.log(String(checksum));
        console.log(`Pfannkuchen(${n}) = ${maxFlips}`);
        return;
      }
      const perm0 = perm1[0];
      for (let i = 0; i < r; i++) perm1[i] = perm1[i + 1];
      perm1[r] = perm0;
      count[r] -= 1;
      if (count[r] > 0) break;
      r += 1;
    }
    permCount += 1;
  }
}

fannkuch(10);
