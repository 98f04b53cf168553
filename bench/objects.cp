// objects: 1,000 particles of three kinds behind Box<dyn Particle>, 10,000 steps; every update
// allocates the particle's next state. Measures virtual dispatch and short-lived allocation; prints a checksum.
trait Particle {
    fn update(&self, dt: f64) -> Box<dyn Particle>;
    fn energy(&self) -> f64;
}

struct Drifter { x: f64, y: f64, vx: f64, vy: f64 }
struct Bouncer { y: f64, vy: f64, g: f64, bounces: int }
struct Orbiter { x: f64, y: f64, r: f64, w: f64 }

fn wrap(v: f64) -> f64 {
    if v > 100.0 { v - 200.0 } else if v < -100.0 { v + 200.0 } else { v }
}

impl Particle for Drifter {
    fn update(&self, dt: f64) -> Box<dyn Particle> {
        Box::new(Drifter { x: wrap(self.x + self.vx * dt), y: wrap(self.y + self.vy * dt), vx: self.vx, vy: self.vy })
    }
    fn energy(&self) -> f64 {
        0.5 * (self.vx * self.vx + self.vy * self.vy) + 0.001 * self.x
    }
}

impl Particle for Bouncer {
    fn update(&self, dt: f64) -> Box<dyn Particle> {
        let mut vy = self.vy - self.g * dt;
        let mut y = self.y + vy * dt;
        let mut bounces = self.bounces;
        if y < 0.0 {
            y = -y;
            vy = -vy * 0.9;
            bounces += 1;
        }
        Box::new(Bouncer { y: y, vy: vy, g: self.g, bounces: bounces })
    }
    fn energy(&self) -> f64 {
        self.g * self.y + 0.5 * self.vy * self.vy + (self.bounces as f64)
    }
}

impl Particle for Orbiter {
    fn update(&self, dt: f64) -> Box<dyn Particle> {
        let nx = self.x - self.w * dt * self.y;
        let ny = self.y + self.w * dt * self.x;
        let k = self.r / (nx * nx + ny * ny).sqrt();
        Box::new(Orbiter { x: nx * k, y: ny * k, r: self.r, w: self.w })
    }
    fn energy(&self) -> f64 {
        0.5 * self.w * self.w * self.r * self.r + 0.001 * self.y
    }
}

// Park-Miller minimal standard generator; the state stays below 2^31.
struct Rng { seed: int }

impl Rng {
    fn next(&mut self) -> f64 {
        self.seed = (self.seed * 16807) % 2147483647;
        (self.seed as f64) / 2147483647.0
    }
}

fn main() = default {
    let n = 1000;
    let steps = 10000;
    let dt = 0.01;
    let mut rng = Rng { seed: 42 };
    let mut ps: Vec<Box<dyn Particle>> = Vec::new();
    for i in 0..n {
        let kind = i % 3;
        if kind == 0 {
            let x = rng.next() * 200.0 - 100.0;
            let y = rng.next() * 200.0 - 100.0;
            let vx = rng.next() * 20.0 - 10.0;
            let vy = rng.next() * 20.0 - 10.0;
            ps.push(Box::new(Drifter { x: x, y: y, vx: vx, vy: vy }));
        } else if kind == 1 {
            let y = rng.next() * 50.0;
            let g = 5.0 + rng.next() * 10.0;
            ps.push(Box::new(Bouncer { y: y, vy: 0.0, g: g, bounces: 0 }));
        } else {
            let r = 1.0 + rng.next() * 9.0;
            let w = rng.next() * 4.0 - 2.0;
            ps.push(Box::new(Orbiter { x: r, y: 0.0, r: r, w: w }));
        }
    }
    let mut checksum = 0.0;
    for step in 0..steps {
        for i in 0..n {
            ps[i] = ps[i].update(dt);
        }
        if step % 100 == 99 {
            let mut e = 0.0;
            for i in 0..n {
                e += ps[i].energy();
            }
            checksum += e;
        }
    }
    println!("{:.6}", checksum);
}
