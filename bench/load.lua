-- Rotates every request over the pages given in the PATHS environment variable (a
-- space-separated list); a path that starts with "!" is requested with a delegate's session
-- cookie: COOKIE, or the next of COOKIES (space-separated) in turn. At the end, prints the
-- number of answers by status class and how many came from the public page cache (the
-- X-Page-Cache header that bench.settings turns on).
local paths = {}
for p in string.gmatch(os.getenv("PATHS") or "/", "%S+") do table.insert(paths, p) end
local cookies = {}
for c in string.gmatch(os.getenv("COOKIES") or "", "%S+") do table.insert(cookies, c) end
if #cookies == 0 then cookies = {os.getenv("COOKIE") or ""} end
local counter = 0
local signed_in = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  hits = 0
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  if string.sub(path, 1, 1) == "!" then
    signed_in = signed_in + 1
    local cookie = cookies[(signed_in % #cookies) + 1]
    return wrk.format("GET", string.sub(path, 2), {["Cookie"] = cookie})
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  local class = tostring(math.floor(status / 100)) .. "xx"
  statuses[class] = (statuses[class] or 0) + 1
  if headers["X-Page-Cache"] then hits = hits + 1 end
end

function done(summary, latency, requests)
  local totals = {}
  local cache_hits = 0
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for class, n in pairs(s) do totals[class] = (totals[class] or 0) + n end
    cache_hits = cache_hits + thread:get("hits")
  end
  io.write(string.format("CACHE hits=%d\n", cache_hits))
  io.write("STATUS")
  for class, n in pairs(totals) do io.write(string.format(" %s=%d", class, n)) end
  io.write("\n")
  io.write(string.format("LATENCY p50=%.1f p95=%.1f p99=%.1f max=%.1f\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("ERRORS connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
end
