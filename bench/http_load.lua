-- wrk script: GET /api/search for each query of QUERIES in turn, counting
-- any answer but 200 as a failure, and printing the latency percentiles.
local queries, i, failures = {}, 0, 0

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~ ]", function(c) return string.format("%%%02X", c:byte()) end)
           :gsub(" ", "+"))
end

for line in io.lines(os.getenv("QUERIES")) do
  if line ~= "" and line:sub(1, 1) ~= "#" then
    local q, extra = line:match("^([^\t]*)\t?(.*)$")
    local path = "/api/search?limit=10&q=" .. urlencode(q)
    if extra ~= "" then path = path .. "&" .. extra end
    queries[#queries + 1] = path
  end
end

request = function()
  i = i % #queries + 1
  return wrk.format("GET", queries[i], { ["Accept-Encoding"] = "gzip" })
end

response = function(status, headers, body)
  if status ~= 200 then failures = failures + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("errors %d\n", summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.status + summary.errors.timeout))
  io.write(string.format("rps %.0f\n", summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%s_ms %.2f\n", p, latency:percentile(p) / 1000))
  end
end
