// sieve: sieve of Eratosthenes up to 10,000,000, repeated 3 times.
// Measures a large array allocation, strided stores and a linear scan; prints the prime count each time.
"use strict";
function sieve(n) {
  const flags = new Array(n + 1).fill(true);
  flags[0] = false;
  flags[1] = false;
  for (let i = 2; i * i <= n; i++) {
    if (flags[i]) {
      for (let j = i * i; j <= n; j += i) flags[j] = false;
    }
  }
  let count = 0;
  for (let k = 0; k <= n; k++) {
    if (flags[k]) count += 1;
  }
  return count;
}

for (let r = 0; r < 3; r++) console.log(String(sieve(10000000)));
