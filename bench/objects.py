# objects: 1,000 particles of three kinds behind a common interface (classes), 10,000 steps; every update
# allocates the particle's next state. Measures method dispatch and short-lived allocation; prints a checksum.
from math import sqrt


def wrap(v):
    if v > 100.0:
        return v - 200.0
    elif v < -100.0:
        return v + 200.0
    return v


class Particle:
    __slots__ = ()

    def update(self, dt):
        raise NotImplementedError

    def energy(self):
        raise NotImplementedError


class Drifter(Particle):
    __slots__ = ("x", "y", "vx", "vy")

    def __init__(self, x, y, vx, vy):
        self.x = x
        self.y = y
        self.vx = vx
        self.vy = vy

    def update(self, dt):
        return Drifter(wrap(self.x + self.vx * dt), wrap(self.y + self.vy * dt), self.vx, self.vy)

    def energy(self):
        return 0.5 * (self.vx * self.vx + self.vy * self.vy) + 0.001 * self.x


class Bouncer(Particle):
    __slots__ = ("y", "vy", "g", "bounces")

    def __init__(self, y, vy, g, bounces):
        self.y = y
        self.vy = vy
        self.g = g
        self.bounces = bounces

    def update(self, dt):
        vy = self.vy - self.g * dt
        y = self.y + vy * dt
        bounces = self.bounces
        if y < 0.0:
            y = -y
            vy = -vy * 0.9
            bounces += 1
        return Bouncer(y, vy, self.g, bounces)

    def energy(self):
        return self.g * self.y + 0.5 * self.vy * self.vy + float(self.bounces)


class Orbiter(Particle):
    __slots__ = ("x", "y", "r", "w")

    def __init__(self, x, y, r, w):
        self.x = x
        self.y = y
        self.r = r
        self.w = w

    def update(self, dt):
        nx = self.x - self.w * dt * self.y
        ny = self.y + self.w * dt * self.x
        k = self.r / sqrt(nx * nx + ny * ny)
        return Orbiter(nx * k, ny * k, self.r, self.w)

    def energy(self):
        return 0.5 * self.w * self.w * self.r * self.r + 0.001 * self.y


class Rng:
    """Park-Miller minimal standard generator; the state stays below 2^31."""
    __slots__ = ("seed",)

    def __init__(self, seed):
        self.seed = seed

    def next(self):
        self.seed = (self.seed * 16807) % 2147483647
        return self.seed / 2147483647.0


def main():
    n = 1000
    steps = 10000
    dt = 0.01
    rng = Rng(42)
    ps = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            x = rng.next() * 200.0 - 100.0
            y = rng.next() * 200.0 - 100.0
            vx = rng.next() * 20.0 - 10.0
            vy = rng.next() * 20.0 - 10.0
            ps.append(Drifter(x, y, vx, vy))
        elif kind == 1:
            y = rng.next() * 50.0
            g = 5.0 + rng.next() * 10.0
            ps.append(Bouncer(y, 0.0, g, 0))
        else:
            r = 1.0 + rng.next() * 9.0
            w = rng.next() * 4.0 - 2.0
            ps.append(Orbiter(r, 0.0, r, w))
    checksum = 0.0
    for step in range(steps):
        for i in range(n):
            ps[i] = ps[i].update(dt)
        if step % 100 == 99:
            e = 0.0
            for i in range(n):
                e += ps[i].energy()
            checksum += e
    print("%.6f" % checksum)


main()
