-- wrk script: a different pair of dates on (almost) every request — asOf between
-- the year's start and today, knownAt between asOf and today — so the
-- sufficiency endpoint computes the check each time instead of answering from
-- its results cache. FIRST_DAY and LAST_DAY are days since 1970-01-01.
local first = tonumber(os.getenv("FIRST_DAY"))
local last = tonumber(os.getenv("LAST_DAY"))
math.randomseed(os.time())
local function day(n)
  return os.date("!%Y-%m-%d", n * 86400)
end
request = function()
  local asOf = math.random(first, last)
  local knownAt = math.random(asOf, last)
  return wrk.format("GET", wrk.path .. "?asOf=" .. day(asOf) .. "&knownAt=" .. day(knownAt))
end
