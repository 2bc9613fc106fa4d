-- Counts responses by status for bench/wrk-load.sh: wrk itself only reports "non-2xx or 3xx",
-- which cannot tell the 401s an invalid token must get from anything else.
-- Each wrk thread runs its own copy of this script; done() adds up the threads' counters.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  success = 0
  unauthorized = 0
  other = 0
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    success = success + 1
  elseif status == 401 then
    unauthorized = unauthorized + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local s, u, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    s = s + thread:get("success")
    u = u + thread:get("unauthorized")
    o = o + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format("STATUS 2xx=%d 401=%d other=%d socket_errors=%d\n",
    s, u, o, e.connect + e.read + e.write + e.timeout))
end
