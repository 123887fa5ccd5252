-- wrk script: GET /v1/messages/<id> over ids read from ids.txt (one 0x... per line), round robin.
local ids = {}
for line in io.lines("ids.txt") do ids[#ids + 1] = line end
local i = 0
request = function()
  i = i % #ids + 1
  return wrk.format("GET", "/v1/messages/" .. ids[i])
end
