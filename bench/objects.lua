-- objects: 1,000 particles of three kinds behind a common interface (metatables), 10,000 steps; every update
-- allocates the particle's next state. Measures method dispatch and short-lived allocation; prints a checksum.
local sqrt = math.sqrt

local function wrap(v)
  if v > 100.0 then return v - 200.0 elseif v < -100.0 then return v + 200.0 else return v end
end

local Drifter = {}
Drifter.__index = Drifter
local Bouncer = {}
Bouncer.__index = Bouncer
local Orbiter = {}
Orbiter.__index = Orbiter

function Drifter.new(x, y, vx, vy)
  return setmetatable({ x = x, y = y, vx = vx, vy = vy }, Drifter)
end
function Drifter:update(dt)
  return Drifter.new(wrap(self.x + self.vx * dt), wrap(self.y + self.vy * dt), self.vx, self.vy)
end
function Drifter:energy()
  return 0.5 * (self.vx * self.vx + self.vy * self.vy) + 0.001 * self.x
end

function Bouncer.new(y, vy, g, bounces)
  return setmetatable({ y = y, vy = vy, g = g, bounces = bounces }, Bouncer)
end
function Bouncer:update(dt)
  local vy = self.vy - self.g * dt
  local y = self.y + vy * dt
  local bounces = self.bounces
  if y < 0.0 then
    y = -y
    vy = -vy * 0.9
    bounces = bounces + 1
  end
  return Bouncer.new(y, vy, self.g, bounces)
end
function Bouncer:energy()
  return self.g * self.y + 0.5 * self.vy * self.vy + self.bounces
end

function Orbiter.new(x, y, r, w)
  return setmetatable({ x = x, y = y, r = r, w = w }, Orbiter)
end
function Orbiter:update(dt)
  local nx = self.x - self.w * dt * self.y
  local ny = self.y + self.w * dt * self.x
  local k = self.r / sqrt(nx * nx + ny * ny)
  return Orbiter.new(nx * k, ny * k, self.r, self.w)
end
function Orbiter:energy()
  return 0.5 * self.w * self.w * self.r * self.r + 0.001 * self.y
end

-- Park-Miller minimal standard generator; the state stays below 2^31.
local seed = 42
local function rand()
  seed = (seed * 16807) % 2147483647
  return seed / 2147483647.0
end

local n = 1000
local steps = 10000
local dt = 0.01
local ps = {}
for i = 0, n - 1 do
  local kind = i % 3
  if kind == 0 then
    local x = rand() * 200.0 - 100.0
    local y = rand() * 200.0 - 100.0
    local vx = rand() * 20.0 - 10.0
    local vy = rand() * 20.0 - 10.0
    ps[i + 1] = Drifter.new(x, y, vx, vy)
  elseif kind == 1 then
    local y = rand() * 50.0
    local g = 5.0 + rand() * 10.0
    ps[i + 1] = Bouncer.new(y, 0.0, g, 0)
  else
    local r = 1.0 + rand() * 9.0
    local w = rand() * 4.0 - 2.0
    ps[i + 1] = Orbiter.new(r, 0.0, r, w)
  end
end
local checksum = 0.0
for step = 0, steps - 1 do
  for i = 1, n do
    ps[i] = ps[i]:update(dt)
  end
  if step % 100 == 99 then
    local e = 0.0
    for i = 1, n do
      e = e + ps[i]:energy()
    end
    checksum = checksum + e
  end
end
print(string.format("%.6f", checksum))
