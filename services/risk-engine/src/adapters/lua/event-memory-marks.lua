-- Sweep marks, the first part of the scripts that read or write them: '!' in an entity's uses
-- hash, written by event-memory-sweep.lua, read when a use is recorded (event-memory-uses.lua).
-- Per rule: <rule> 0x1f <first sweep's since> 0x1f <its until> 0x1f <the latest sweeps' times,
-- ascending, comma-joined> 0x1f <the first sweep's finding>; rules joined by 0x1e.
local function parseMark(mark)
  local rule, since, untilAt, recent, finding = string.match(mark, '^([^\31]*)\31([^\31]*)\31([^\31]*)\31([^\31]*)\31(.*)$')
  if not rule then return nil end
  local sweeps = {}
  for t in string.gmatch(recent, '[^,]+') do sweeps[#sweeps + 1] = tonumber(t) end
  return { rule = rule, since = tonumber(since), untilAt = tonumber(untilAt), sweeps = sweeps, finding = finding }
end

local function formatMark(m)
  local times = {}
  for i, t in ipairs(m.sweeps) do times[i] = string.format('%.0f', t) end
  return table.concat({ m.rule, string.format('%.0f', m.since), string.format('%.0f', m.untilAt),
    table.concat(times, ','), m.finding }, '\31')
end
