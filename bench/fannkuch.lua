-- fannkuch-redux: count pancake flips over all permutations of 0..n-1, n = 10 (3,628,800 permutations).
-- Measures tight integer loops and array indexing; prints the checksum and the maximum flip count.
-- Arrays are 1-based: position p of the 0-based algorithm is index p + 1 (values stay 0..n-1).
local function fannkuch(n)
  local perm1, perm, count = {}, {}, {}
  for i = 1, n do
    perm1[i] = i - 1
    perm[i] = 0
    count[i] = 0
  end
  local r = n
  local perm_count, checksum, max_flips = 0, 0, 0
  while true do
    while r ~= 1 do
      count[r - 1] = r
      r = r - 1
    end
    for i = 1, n do perm[i] = perm1[i] end
    local flips = 0
    local k = perm[1]
    while k ~= 0 do
      local i, j = 1, k + 1
      while i < j do
        local t = perm[i]
        perm[i] = perm[j]
        perm[j] = t
        i = i + 1
        j = j - 1
      end
      flips = flips + 1
      k = perm[1]
    end
    if flips > max_flips then max_flips = flips end
    if perm_count % 2 == 0 then checksum = checksum + flips else checksum = checksum - flips end
    -- next permutation
    while true do
      if r == n then
        print(checksum)
        print(string.format("Pfannkuchen(%d) = %d", n, max_flips))
        return
      end
      local perm0 = perm1[1]
      for i = 1, r do perm1[i] = perm1[i + 1] end
      perm1[r + 1] = perm0
      count[r] = count[r] - 1
      if count[r] > 0 then break end
      r = r + 1
    end
    perm_count = perm_count + 1
  end
end

fannkuch(10)
