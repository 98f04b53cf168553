local sum = 0
local i = 0
while i < 50000000 do
  sum = sum + (i * i) % 7
  i = i + 1
end
print(sum)
