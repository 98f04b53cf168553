-- strings: build a 4.1 MB string from the numbers 0..599,999 and separators, appending piece by piece
-- to 100-number lines that are joined at the end; then a hash over its characters.
-- Measures int-to-string, string appends, join and a per-character loop; prints the length and hash.
local byte = string.byte
local n = 600000
local parts = {}
local line = ""
for i = 0, n - 1 do
  line = line .. tostring(i)
  if i % 10 == 9 then
    line = line .. ";\n"
  else
    line = line .. ","
  end
  if i % 100 == 99 then
    parts[#parts + 1] = line
    line = ""
  end
end
parts[#parts + 1] = line
local s = table.concat(parts)
local h = 0
for k = 1, #s do
  h = (h * 31 + byte(s, k)) % 1000000007
end
print(#s .. " " .. h)
