-- Sweep marks and the uses of an entity, the first part of the scripts that read or write them:
-- '!' in an entity's uses hash, written by event-memory-sweep.lua, read when a use is recorded
-- (event-memory-uses.lua); the other fields are uses (parseUses).
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

-- A uses field: <time> 0x1f <eventId> entries joined by 0x1e, a use's context ('[…]', a JSON
-- array) an entry of its own right before it when it has one. Returns its uses in field order,
-- each { time, eventId, context ('' for none) }.
local function parseUses(value)
  local uses, pending = {}, ''
  for entry in string.gmatch(value, '[^\30]+') do
    if string.byte(entry, 1) == 91 then -- '[': the context of the use after it
      pending = entry
    else
      local t, e = string.match(entry, '^(%-?%d+)\31(.*)$')
      if t then uses[#uses + 1] = { tonumber(t), e, pending } end
      pending = ''
    end
  end
  return uses
end
