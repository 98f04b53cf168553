// n-body: 5-body Jovian planet simulation, 1,000,000 steps of dt = 0.01.
// Measures float arithmetic, struct field access and Vec indexing; prints energy before and after.
struct Body { x: f64, y: f64, z: f64, vx: f64, vy: f64, vz: f64, mass: f64 }

const SOLAR_MASS: f64 = 39.47841760435743;
const DAYS_PER_YEAR: f64 = 365.24;

fn body(x: f64, y: f64, z: f64, vx: f64, vy: f64, vz: f64, mass: f64) -> Body {
    Body {
        x: x, y: y, z: z,
        vx: vx * DAYS_PER_YEAR, vy: vy * DAYS_PER_YEAR, vz: vz * DAYS_PER_YEAR,
        mass: mass * SOLAR_MASS,
    }
}

fn make_bodies() -> Vec<Body> {
    let mut bodies: Vec<Body> = Vec::new();
    // sun
    bodies.push(body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0));
    // jupiter
    bodies.push(body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
        1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
        9.54791938424326609e-04));
    // saturn
    bodies.push(body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
        -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
        2.85885980666130812e-04));
    // uranus
    bodies.push(body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
        2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
        4.36624404335156298e-05));
    // neptune
    bodies.push(body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
        2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
        5.15138902046611451e-05));
    bodies
}

fn offset_momentum(bodies: &Vec<Body>) {
    let mut px = 0.0;
    let mut py = 0.0;
    let mut pz = 0.0;
    for i in 0..bodies.len() {
        let b = bodies[i];
        px += b.vx * b.mass;
        py += b.vy * b.mass;
        pz += b.vz * b.mass;
    }
    let sun = bodies[0];
    sun.vx = -px / SOLAR_MASS;
    sun.vy = -py / SOLAR_MASS;
    sun.vz = -pz / SOLAR_MASS;
}

fn energy(bodies: &Vec<Body>) -> f64 {
    let n = bodies.len();
    let mut e = 0.0;
    for i in 0..n {
        let bi = bodies[i];
        e += 0.5 * bi.mass * (bi.vx * bi.vx + bi.vy * bi.vy + bi.vz * bi.vz);
        for j in (i + 1)..n {
            let bj = bodies[j];
            let dx = bi.x - bj.x;
            let dy = bi.y - bj.y;
            let dz = bi.z - bj.z;
            e -= (bi.mass * bj.mass) / (dx * dx + dy * dy + dz * dz).sqrt();
        }
    }
    e
}

fn advance(bodies: &Vec<Body>, dt: f64) {
    let n = bodies.len();
    for i in 0..n {
        let bi = bodies[i];
        let bix = bi.x;
        let biy = bi.y;
        let biz = bi.z;
        let bimass = bi.mass;
        let mut bivx = bi.vx;
        let mut bivy = bi.vy;
        let mut bivz = bi.vz;
        for j in (i + 1)..n {
            let bj = bodies[j];
            let dx = bix - bj.x;
            let dy = biy - bj.y;
            let dz = biz - bj.z;
            let d2 = dx * dx + dy * dy + dz * dz;
            let mag = dt / (d2 * d2.sqrt());
            let bm = bj.mass * mag;
            bivx -= dx * bm;
            bivy -= dy * bm;
            bivz -= dz * bm;
            let bm2 = bimass * mag;
            bj.vx += dx * bm2;
            bj.vy += dy * bm2;
            bj.vz += dz * bm2;
        }
        bi.vx = bivx;
        bi.vy = bivy;
        bi.vz = bivz;
        bi.x = bix + dt * bivx;
        bi.y = biy + dt * bivy;
        bi.z = biz + dt * bivz;
    }
}

fn main() = default {
    let steps = 1000000;
    let bodies = make_bodies();
    offset_momentum(&bodies);
    println!("{:.9}", energy(&bodies));
    for _ in 0..steps {
        advance(&bodies, 0.01);
    }
    println!("{:.9}", energy(&bodies));
}
