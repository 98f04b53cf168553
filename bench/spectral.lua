-- spectral-norm: power iteration on the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2 + i + 1), n = 500,
-- 10 rounds. Measures nested float loops, calls and array indexing; prints the norm with 9 decimals.
-- Arrays are 1-based here, so A is written for 1-based i and j (same values as the 0-based formula).
-- Written for both Lua 5.4 and LuaJIT (no // or << operators).
local function a(i, j)
  local ij = i + j - 1
  return 1.0 / (ij * (ij - 1) * 0.5 + i)
end

local function mul_av(n, x, y)
  for i = 1, n do
    local s = 0.0
    for j = 1, n do
      s = s + a(i, j) * x[j]
    end
    y[i] = s
  end
end

local function mul_atv(n, x, y)
  for i = 1, n do
    local s = 0.0
    for j = 1, n do
      s = s + a(j, i) * x[j]
    end
    y[i] = s
  end
end

local function mul_atav(n, x, y, t)
  mul_av(n, x, t)
  mul_atv(n, t, y)
end

local n = 500
local u, v, t = {}, {}, {}
for i = 1, n do
  u[i] = 1.0
  v[i] = 0.0
  t[i] = 0.0
end
for _ = 1, 10 do
  mul_atav(n, u, v, t)
  mul_atav(n, v, u, t)
end
local vbv, vv = 0.0, 0.0
for i = 1, n do
  vbv = vbv + u[i] * v[i]
  vv = vv + v[i] * v[i]
end
print(string.format("%.9f", math.sqrt(vbv / vv)))
