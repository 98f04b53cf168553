// strings: build a 4.1 MB string from the numbers 0..599,999 and separators, appending piece by piece
// to 100-number lines that are joined at the end; then a hash over its characters.
// Measures int-to-string, string appends, join and a per-character loop; prints the length and hash.
"use strict";
const n = 600000;
const parts = [];
let line = "";
for (let i = 0; i < n; i++) {
  line += String(i);
  if (i % 10 === 9) {
    line += ";\n";
  } else {
    line += ",";
  }
  if (i % 100 === 99) {
    parts.push(line);
    line = "";
  }
}
parts.push(line);
const s = parts.join("");
let h = 0;
for (let k = 0; k < s.length; k++) {
  h = (h * 31 + s.charCodeAt(k)) % 1000000007;
}
console.log(`${s.length} ${h}`);
