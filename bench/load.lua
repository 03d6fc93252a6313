-- Rotates every request over the pages given in the PATHS environment variable (a
-- space-separated list); a path that starts with "!" is requested with the delegate's session
-- cookie from COOKIE. At the end, prints the number of answers by status class.
local paths = {}
for p in string.gmatch(os.getenv("PATHS") or "/", "%S+") do table.insert(paths, p) end
local cookie = os.getenv("COOKIE") or ""
local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  if string.sub(path, 1, 1) == "!" then
    return wrk.format("GET", string.sub(path, 2), {["Cookie"] = cookie})
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  local class = tostring(math.floor(status / 100)) .. "xx"
  statuses[class] = (statuses[class] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for class, n in pairs(s) do totals[class] = (totals[class] or 0) + n end
  end
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
