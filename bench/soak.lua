-- wrk script for `make soak` (bench/soak.py): cycles through a mix of requests and counts every
-- answer by status, so that a redirect or an error cannot hide among wrk's "2xx or 3xx".
--
-- Arguments (after `--`): one per request, "<path>" or "<path>\t<If-None-Match value>".
-- At the end it prints one line, "SOAK_RESULT {json}", that bench/soak.py reads.

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   requests = {}
   for _, arg in ipairs(args) do
      local path, etag = arg:match("^([^\t]*)\t?(.*)$")
      local headers = {}
      if etag ~= "" then
         headers["If-None-Match"] = etag
      end
      table.insert(requests, wrk.format("GET", path, headers))
   end
   -- Threads start at different places in the cycle, so every moment sees a mix.
   position = (id * 7) % #requests
   statuses = {}
end

function request()
   position = position % #requests + 1
   return requests[position]
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local counted = {}
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses")) do
         counted[status] = (counted[status] or 0) + count
      end
   end
   local parts = {}
   for status, count in pairs(counted) do
      table.insert(parts, string.format('"%d": %d', status, count))
   end
   local errors = summary.errors
   io.write(string.format(
      'SOAK_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, '
         .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
         .. '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d, "mean": %.1f}, '
         .. '"statuses": {%s}}\n',
      summary.requests, summary.duration, summary.bytes,
      errors.connect, errors.read, errors.write, errors.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      latency.mean, table.concat(parts, ", ")
   ))
end
