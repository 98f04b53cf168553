// spectral-norm: power iteration on the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2 + i + 1), n = 500,
// 10 rounds. Measures nested float loops, calls and array indexing; prints the norm with 9 decimals.
"use strict";
function a(i, j) {
  const ij = i + j;
  return 1.0 / ((ij * (ij + 1)) / 2 + i + 1);
}

function mulAv(n, x, y) {
  for (let i = 0; i < n; i++) {
    let s = 0.0;
    for (let j = 0; j < n; j++) s += a(i, j) * x[j];
    y[i] = s;
  }
}

function mulAtv(n, x, y) {
  for (let i = 0; i < n; i++) {
    let s = 0.0;
    for (let j = 0; j < n; j++) s += a(j, i) * x[j];
    y[i] = s;
  }
}

function mulAtAv(n, x, y, t) {
  mulAv(n, x, t);
  mulAtv(n, t, y);
}

const n = 500;
const u = new Array(n).fill(1.0);
const v = new Array(n).fill(0.0);
const t = new Array(n).fill(0.0);
for (let k = 0; k < 10; k++) {
  mulAtAv(n, u, v, t);
  mulAtAv(n, v, u, t);
}
let vbv = 0.0, vv = 0.0;
for (let i = 0; i < n; i++) {
  vbv += u[i] * v[i];
  vv += v[i] * v[i];
}
console.log(Math.sqrt(vbv / vv).toFixed(9));
