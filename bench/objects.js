// objects: 1,000 particles of three kinds behind a common interface (classes), 10,000 steps; every update
// allocates the particle's next state. Measures method dispatch and short-lived allocation; prints a checksum.
"use strict";
function wrap(v) {
  if (v > 100.0) return v - 200.0;
  else if (v < -100.0) return v + 200.0;
  return v;
}

class Drifter {
  constructor(x, y, vx, vy) {
    this.x = x;
    this.y = y;
    this.vx = vx;
    this.vy = vy;
  }
  update(dt) {
    return new Drifter(wrap(this.x + this.vx * dt), wrap(this.y + this.vy * dt), this.vx, this.vy);
  }
  energy() {
    return 0.5 * (this.vx * this.vx + this.vy * this.vy) + 0.001 * this.x;
  }
}

class Bouncer {
  constructor(y, vy, g, bounces) {
    this.y = y;
    this.vy = vy;
    this.g = g;
    this.bounces = bounces;
  }
  update(dt) {
    let vy = this.vy - this.g * dt;
    let y = this.y + vy * dt;
    let bounces = this.bounces;
    if (y < 0.0) {
      y = -y;
      vy = -vy * 0.9;
      bounces += 1;
    }
    return new Bouncer(y, vy, this.g, bounces);
  }
  energy() {
    return this.g * this.y + 0.5 * this.vy * this.vy + this.bounces;
  }
}

class Orbiter {
  constructor(x, y, r, w) {
    this.x = x;
    this.y = y;
    this.r = r;
    this.w = w;
  }
  update(dt) {
    const nx = this.x - this.w * dt * this.y;
    const ny = this.y + this.w * dt * this.x;
    const k = this.r / Math.sqrt(nx * nx + ny * ny);
    return new Orbiter(nx * k, ny * k, this.r, this.w);
  }
  energy() {
    return 0.5 * this.w * this.w * this.r * this.r + 0.001 * this.y;
  }
}

// Park-Miller minimal standard generator; the state stays below 2^31 (products stay below 2^53).
let seed = 42;
function rand() {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647.0;
}

const n = 1000;
const steps = 10000;
const dt = 0.01;
const ps = [];
for (let i = 0; i < n; i++) {
  const kind = i % 3;
  if (kind === 0) {
    const x = rand() * 200.0 - 100.0;
    const y = rand() * 200.0 - 100.0;
    const vx = rand() * 20.0 - 10.0;
    const vy = rand() * 20.0 - 10.0;
    ps.push(new Drifter(x, y, vx, vy));
  } else if (kind === 1) {
    const y = rand() * 50.0;
    const g = 5.0 + rand() * 10.0;
    ps.push(new Bouncer(y, 0.0, g, 0));
  } else {
    const r = 1.0 + rand() * 9.0;
    const w = rand() * 4.0 - 2.0;
    ps.push(new Orbiter(r, 0.0, r, w));
  }
}
let checksum = 0.0;
for (let step = 0; step < steps; step++) {
  for (let i = 0; i < n; i++) ps[i] = ps[i].update(dt);
  if (step % 100 === 99) {
    let e = 0.0;
    for (let i = 0; i < n; i++) e += ps[i].energy();
    checksum += e;
  }
}
console.log(checksum.toFixed(6));
