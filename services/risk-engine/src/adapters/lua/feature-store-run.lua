-- Part of the feature script (see feature-store.lua for KEYS / ARGV and the join order): runs
-- each feature of the event through its part, then records the event (dedupe entry and first
-- results: recordEvent) unless it is a replay or read only.
local values = {}
local groups, groupOrder, lists = {}, {}, {}
for i = 1, n do
  local base = (i - 1) * STRIDE
  local kind, k = OPS[base + 1], OPS[base + 2]
  local key = KEYS[k]
  if first then values[i] = first[1 + i]
  elseif kind == 'ctr' then
    if not groups[k] then groups[k] = {}; groupOrder[#groupOrder + 1] = k end
    table.insert(groups[k], i)
  elseif kind == 'list' then lists[#lists + 1] = i
  elseif kind == 'day' then values[i] = daily(key, OPS[base + 3], OPS[base + 4])
  elseif kind == 'dst' then values[i] = distinct(key, OPS[base + 3], OPS[base + 4], OPS[base + 5], OPS[base + 6])
  elseif kind == 'seen' then values[i] = seen(key, OPS[base + 3], OPS[base + 4], OPS[base + 5], OPS[base + 6])
  elseif kind == 'last' then values[i] = lastEvent(key, OPS[base + 3], OPS[base + 4])
  else values[i] = average(key, OPS[base + 3], OPS[base + 4], OPS[base + 5]) end
end
for _, k in ipairs(groupOrder) do
  local failed = counterGroup(KEYS[k], groups[k], values)
  if failed then return failed end
end
if #lists > 0 then
  local listKeys = {}
  for j, i in ipairs(lists) do listKeys[j] = KEYS[OPS[(i - 1) * STRIDE + 2]] end
  local got = redis.call('MGET', unpack(listKeys))
  for j, i in ipairs(lists) do values[i] = got[j] and '1' or '0' end
end

local out = { status }
for i = 1, n do out[i + 1] = values[i] end
if write then recordEvent(values) end
return out
