-- binary-trees: allocate and walk perfect binary trees, max depth 16 (min depth 4).
-- Measures allocation, garbage collection and recursion; prints node counts per depth.
local function make(depth)
  if depth == 0 then
    return { false, false }
  end
  return { make(depth - 1), make(depth - 1) }
end

local function check(node)
  local l, r = node[1], node[2]
  if l then
    if r then return 1 + check(l) + check(r) end
    return 1 + check(l)
  end
  return 1
end

local min_depth = 4
local max_depth = 16
local stretch = max_depth + 1
print(string.format("stretch tree of depth %d\t check: %d", stretch, check(make(stretch))))
local long_lived = make(max_depth)
local depth = min_depth
while depth <= max_depth do
  -- 2 ^ k rather than 1 << k: LuaJIT has no shift operator
  local iterations = math.floor(2 ^ (max_depth - depth + min_depth))
  local sum = 0
  for _ = 1, iterations do
    sum = sum + check(make(depth))
  end
  print(string.format("%d\t trees of depth %d\t check: %d", iterations, depth, sum))
  depth = depth + 2
end
print(string.format("long lived tree of depth %d\t check: %d", max_depth, check(long_lived)))
