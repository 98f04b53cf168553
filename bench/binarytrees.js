// binary-trees: allocate and walk perfect binary trees, max depth 16 (min depth 4).
// Measures allocation, garbage collection and recursion; prints node counts per depth.
"use strict";
class Node {
  constructor(left, right) {
    this.left = left;
    this.right = right;
  }
}

function make(depth) {
  if (depth === 0) return new Node(null, null);
  return new Node(make(depth - 1), make(depth - 1));
}

function check(node) {
  const l = node.left, r = node.right;
  if (l !== null) {
    if (r !== null) return 1 + check(l) + check(r);
    return 1 + check(l);
  }
  return 1;
}

const minDepth = 4;
const maxDepth = 16;
const stretch = maxDepth + 1;
console.log(`stretch tree of depth ${stretch}\t check: ${check(make(stretch))}`);
const longLived = make(maxDepth);
for (let depth = minDepth; depth <= maxDepth; depth += 2) {
  const iterations = 1 << (maxDepth - depth + minDepth);
  let sum = 0;
  for (let i = 0; i < iterations; i++) sum += check(make(depth));
  console.log(`${iterations}\t trees of depth ${depth}\t check: ${sum}`);
}
console.log(`long lived tree of depth ${maxDepth}\t check: ${check(longLived)}`);
