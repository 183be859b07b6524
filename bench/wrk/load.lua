-- wrk script for the benchmarks: one request shape, every answer checked, figures as one JSON line.
-- Environment:
--   WRK_METHOD     GET (default), PUT or POST
--   WRK_BODY_FILE  the request body, read once
--   WRK_AUTH       the Authorization header
--   WRK_CTYPE      the Content-Type header
--   WRK_OK         text the answer's body must contain to count as accepted (with a 2xx status)
--   WRK_BAD        text that, in the answer's body, makes it refused (CirrusPrint answers errors as 200 "Error: ...")
--   WRK_MULTIPART  with WRK_BODY_FILE: send it as the multipart/form-data part "file", named
--                  <WRK_MULTIPART>-<thread>-<n>.gcode, a new name each request (OctoPrint replaces a same-named file)
--   WRK_APIKEY     the X-Api-Key header
--   WRK_PATHS      a file of request paths, one per line, cycled (else the URL's path)
local method = os.getenv("WRK_METHOD") or "GET"
local ok_text = os.getenv("WRK_OK") or ""
local bad_text = os.getenv("WRK_BAD") or ""
local auth = os.getenv("WRK_AUTH") or ""
local ctype = os.getenv("WRK_CTYPE") or ""
local body = nil
local body_file = os.getenv("WRK_BODY_FILE") or ""
if body_file ~= "" then
  local h = assert(io.open(body_file, "rb"))
  body = h:read("*a")
  h:close()
end
local paths = {}
local paths_file = os.getenv("WRK_PATHS") or ""
if paths_file ~= "" then
  for line in io.lines(paths_file) do
    if line ~= "" then paths[#paths + 1] = line end
  end
end
local multipart = os.getenv("WRK_MULTIPART") or ""
local boundary = "----printhub-bench-7d41c9"
local apikey = os.getenv("WRK_APIKEY") or ""
local headers = {}
if auth ~= "" then headers["Authorization"] = auth end
if apikey ~= "" then headers["X-Api-Key"] = apikey end
if ctype ~= "" then headers["Content-Type"] = ctype end
if multipart ~= "" then headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary end

-- per thread (each wrk thread has its own Lua state); read back through thread:get in done()
ok = 0
bad = 0
first_bad = ""
local n = 0

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_index", #threads)
end

function init(args)
  n = (thread_index or 1) * 7919
end

function request()
  local path = wrk.path
  if #paths > 0 then
    n = n + 1
    path = paths[(n % #paths) + 1]
  end
  if multipart ~= "" then
    n = n + 1
    local part = "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" ..
      multipart .. "-" .. (thread_index or 1) .. "-" .. n .. ".gcode\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    return wrk.format(method, path, headers, part .. body .. "\r\n--" .. boundary .. "--\r\n")
  end
  return wrk.format(method, path, headers, body)
end

function response(status, hdrs, resp)
  if status >= 200 and status < 300 and (ok_text == "" or (resp and string.find(resp, ok_text, 1, true)))
      and (bad_text == "" or not (resp and string.find(resp, bad_text, 1, true))) then
    ok = ok + 1
  else
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(resp or "", 1, 120) end
  end
end

function done(summary, latency, requests)
  local total_ok, total_bad, sample = 0, 0, ""
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_bad = total_bad + t:get("bad")
    if sample == "" then sample = t:get("first_bad") or "" end
  end
  sample = string.gsub(sample, '[%c"\\]', " ")
  local e = summary.errors
  io.write(string.format('WRK-JSON {"requests":%d,"duration_us":%d,"ok":%d,"bad":%d,"status_errors":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"first_bad":"%s"}\n',
    summary.requests, summary.duration, total_ok, total_bad, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, sample))
end
