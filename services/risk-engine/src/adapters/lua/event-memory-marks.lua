-- Sweep marks and the uses of an entity, the first part (after byte-order.lua) of the scripts
-- that read or write them: '!' in an entity's uses hash, written by event-memory-sweep.lua, read
-- when a use is recorded (event-memory-uses.lua); the other fields are uses (parseUses).
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

-- Where a uses field's use entries are, by plain searches (a pattern anchored at its end, such as
-- '(%-?%d+)\31[^\30]*$', backtracks at every digit: ~20 us on a field of five uses, more than
-- parsing them all). Returns where each use's entry ends (the 0x1e after it, or one past the value),
-- oldest first, and the newest use's time (nil when the value does not end with a use). A context
-- entry has no 0x1f: its JSON escapes control characters.
local function useEntries(value)
  local seps, ends, from = {}, {}, 1
  while true do
    local sep = string.find(value, '\31', from, true)
    if not sep then break end
    local row = string.find(value, '\30', sep, true)
    seps[#seps + 1] = sep
    ends[#ends + 1] = row or #value + 1
    if not row then break end
    from = row + 1
  end
  local n = #seps
  if n == 0 or ends[n] <= #value then return ends, nil end
  -- The newest use's time starts after the entry before it (its context's, when it has one).
  local head = n > 1 and ends[n - 1] + 1 or 1
  local row = string.find(value, '\30', head, true)
  if row and row < seps[n] then head = row + 1 end
  return ends, tonumber(string.sub(value, head, seps[n] - 1))
end
