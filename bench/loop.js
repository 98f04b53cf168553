// A 50M-iteration arithmetic loop: dispatch, compare-and-branch, integer remainder.
// (i * i stays below 2^53, so doubles hold it exactly.)
let sum = 0;
let i = 0;
while (i < 50000000) {
  sum += (i * i) % 7;
  i += 1;
}
console.log(sum);
