-- wrk script: a different as-of date on (almost) every request, so the
-- sufficiency endpoint computes the check each time instead of using its cache.
math.randomseed(os.time())
request = function()
  local day = os.date("!%Y-%m-%d", os.time() + math.random(0, 20000) * 86400)
  return wrk.format("GET", wrk.path .. "?asOf=" .. day)
end
