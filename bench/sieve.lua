-- sieve: sieve of Eratosthenes up to 10,000,000, repeated 3 times.
-- Measures a large array allocation, strided stores and a linear scan; prints the prime count each time.
-- Arrays are 1-based: number k is flags[k + 1].
local function sieve(n)
  local flags = {}
  for k = 1, n + 1 do flags[k] = true end
  flags[1] = false
  flags[2] = false
  local i = 2
  while i * i <= n do
    if flags[i + 1] then
      local j = i * i
      while j <= n do
        flags[j + 1] = false
        j = j + i
      end
    end
    i = i + 1
  end
  local count = 0
  for k = 1, n + 1 do
    if flags[k] then count = count + 1 end
  end
  return count
end

for _ = 1, 3 do
  print(sieve(10000000))
end
