/**
 * One event's features, updated and read atomically in one script call (EVALSHA, pipelined
 * across a batch by the store).
 *
 * KEYS[1]   dedupe marker for the event id: origin, plan and the results in feature order,
 *           separated by the byte 0x1f (a few hundred bytes per event, kept for the dedupe TTL)
 * KEYS[2..] state keys; several counters of one entity share one hash (see below)
 * ARGV[1] event time (ms)  ARGV[2] dedupe TTL (ms)  ARGV[3] feature count n
 * ARGV[4] origin of this delivery  ARGV[5] plan (how the features were derived)
 * then 6 arguments per feature: kind, index of its state key in KEYS, a1..a4 (per kind below).
 * Returns { status, value1..valueN }: status '0' first processing, '1' replay from the same
 * origin (a retry), '2' replay from another origin (a duplicate delivery).
 *
 * Cost model: Redis spends far more on each redis.call() from Lua (argument and reply
 * conversion) than on the command itself, so the script keeps calls per event low:
 * - Counters of one entity (account, card, IP…) live in one hash and are read with one HMGET and
 *   written with one HSET. Each keeps a running window sum anchored at its newest bucket
 *   (field `<h>` = "anchor:sum:oldest"), so an in-order event reads two fields per counter, not
 *   every bucket of the window: constant time whatever the window. Buckets (`<h>:<index>`) are
 *   kept one extra window so an event arriving up to a window late still reads its exact window.
 * - List memberships are one MGET; distinct counts use ZCARD after trimming (no extra ZCOUNT);
 *   daily totals set their TTL once, when created.
 *
 * Replay: if the marker exists, the script writes nothing and, when the plan is the same,
 * returns the stored results, so a retried event sees exactly the features (hence the
 * decision) of its first run. With another plan (the rule set changed in between) every feature
 * is read without updating.
 *
 * Every write refreshes a TTL (never shortening one a longer-lived feature of the same hash
 * needs), and every collection is capped, so memory stays bounded.
 *
 * Redis Cluster: per-account keys share the `{accountId}` hash tag, but cross-account keys (IP,
 * card, device, BIN counters, global lists) hash on their own value, so one call touches
 * several slots. That is correct on a single node (what runs here, and what Lua requires for
 * atomicity); on a cluster the store would have to split each event per slot and lose
 * cross-slot atomicity — see the adapter's header comment.
 */
export const FEATURE_SCRIPT = `
local at = tonumber(ARGV[1])
local n = tonumber(ARGV[3])
local origin, plan = ARGV[4], ARGV[5]
local STRIDE = 6
local SEP = '\\31'
local KINDS = { ctr = true, day = true, dst = true, seen = true, last = true, avg = true, list = true }

local function fmt(x) return string.format('%.0f', x) end
local function arg(i, j) return ARGV[5 + (i - 1) * STRIDE + j] end

-- Validate before touching anything: a bad call must not half-apply an event.
for i = 1, n do
  local kind, k = arg(i, 1), tonumber(arg(i, 2))
  if not KINDS[kind] then return redis.error_reply('ERR vigil unknown feature kind ' .. tostring(kind)) end
  if not k or k < 2 or not KEYS[k] then return redis.error_reply('ERR vigil bad key index ' .. tostring(arg(i, 2))) end
end

local function split(s)
  local parts, from = {}, 1
  while true do
    local pos = string.find(s, SEP, from, true)
    if not pos then
      parts[#parts + 1] = string.sub(s, from)
      return parts
    end
    parts[#parts + 1] = string.sub(s, from, pos - 1)
    from = pos + 1
  end
end

local stored = redis.call('GET', KEYS[1])
-- A missing key reads as false in Lua, not nil.
local write = not stored
local status = '0'
-- First results, by feature position, when this replay derived the same features.
local first = nil
if stored and string.sub(stored, 1, 1) == '{' then
  -- A marker of the earlier JSON format (written before an upgrade): treat as a retry, read only.
  status = '1'
elseif stored then
  local parts = split(stored)
  status = parts[1] == origin and '1' or '2'
  if parts[2] == plan and #parts == n + 2 then first = parts end
end

-- Makes the key live at least ttl ms from now without cutting a longer TTL short.
local function extend(key, ttl)
  if redis.call('PEXPIRE', key, ttl, 'GT') == 0 and redis.call('PTTL', key) == -1 then
    redis.call('PEXPIRE', key, ttl)
  end
end

local function bucketField(h, b) return h .. ':' .. string.format('%d', b) end

-- Exact sum of buckets [c - span, c] (read only): replays and late events.
local function exactSum(key, h, c, span)
  local fields = {}
  for b = c - span, c do fields[#fields + 1] = bucketField(h, b) end
  local sum = 0
  for _, v in ipairs(redis.call('HMGET', key, unpack(fields))) do
    if v then sum = sum + tonumber(v) end
  end
  return sum
end

-- Counters sharing one hash. Per counter: a1 = field prefix h, a2 = window in buckets (span),
-- a3 = bucket ms, a4 = increment. The window is the bucket holding 'at' plus span before it.
local function counterGroup(key, idxs, values)
  local specs, fields = {}, {}
  local ttl = 0
  for j, i in ipairs(idxs) do
    local span, bucketMs = tonumber(arg(i, 4)), tonumber(arg(i, 5))
    local s = { i = i, h = arg(i, 3), span = span, c = math.floor(at / bucketMs), inc = tonumber(arg(i, 6)) }
    specs[j] = s
    fields[#fields + 1] = s.h
    fields[#fields + 1] = bucketField(s.h, s.c)
    if (span + 2) * bucketMs > ttl then ttl = (span + 2) * bucketMs end
  end
  if not write then
    for _, s in ipairs(specs) do values[s.i] = fmt(exactSum(key, s.h, s.c, s.span)) end
    return
  end
  local got = redis.call('HMGET', key, unpack(fields))
  local sets, dels, scans = {}, {}, {}
  for j, s in ipairs(specs) do
    local cur = tonumber(got[2 * j] or '0')
    local anchor, sum, oldest = nil, 0, s.c
    if got[2 * j - 1] then
      local a, b, c = string.match(got[2 * j - 1], '^(%-?%d+):(%-?%d+):(%-?%d+)$')
      if not a then return redis.error_reply('ERR vigil corrupt counter anchor in ' .. key) end
      anchor, sum, oldest = tonumber(a), tonumber(b), tonumber(c)
    end
    local value
    if anchor == nil or s.c >= anchor then
      -- In order: the window slides forward to s.c. Buckets that leave it are subtracted;
      -- buckets older than two windows are deleted (one window is kept for late events).
      local keepFrom = s.c - 2 * s.span
      if anchor == nil or s.c - s.span > anchor then
        sum = cur + s.inc
      else
        local leaving = {}
        for b = math.max(oldest, anchor - s.span), s.c - s.span - 1 do leaving[#leaving + 1] = bucketField(s.h, b) end
        if #leaving > 0 then
          for _, v in ipairs(redis.call('HMGET', key, unpack(leaving))) do
            if v then sum = sum - tonumber(v) end
          end
        end
        sum = sum + s.inc
      end
      if anchor ~= nil and keepFrom > oldest then
        local last = math.min(anchor, keepFrom - 1)
        if last - oldest > 4 * (s.span + 1) then
          scans[#scans + 1] = { h = s.h, below = keepFrom }
        else
          for b = oldest, last do dels[#dels + 1] = bucketField(s.h, b) end
        end
        oldest = keepFrom
      end
      if anchor == nil or anchor < keepFrom then oldest = s.c end
      anchor = s.c
      value = sum
    else
      -- Late event: its own window, read exactly; the anchored sum gains it if inside.
      value = exactSum(key, s.h, s.c, s.span) + s.inc
      if s.c >= anchor - s.span then sum = sum + s.inc end
      if s.c < oldest then oldest = s.c end
    end
    sets[#sets + 1] = s.h
    sets[#sets + 1] = string.format('%d:%d:%d', anchor, sum, oldest)
    if s.inc > 0 then
      sets[#sets + 1] = bucketField(s.h, s.c)
      sets[#sets + 1] = fmt(cur + s.inc)
    end
    values[s.i] = fmt(value)
  end
  for _, scan in ipairs(scans) do
    local prefix = scan.h .. ':'
    for _, field in ipairs(redis.call('HKEYS', key)) do
      if string.sub(field, 1, #prefix) == prefix then
        local b = tonumber(string.sub(field, #prefix + 1))
        if b and b < scan.below then dels[#dels + 1] = field end
      end
    end
  end
  if #dels > 0 then redis.call('HDEL', key, unpack(dels)) end
  redis.call('HSET', key, unpack(sets))
  extend(key, ttl)
end

local function daily(key, a1, a2)
  local ttl, inc = tonumber(a1), tonumber(a2)
  if write and inc > 0 then
    local total = redis.call('INCRBY', key, inc)
    -- The key names its local day: one TTL from creation covers the whole day.
    if total == inc then redis.call('PEXPIRE', key, ttl) end
    return fmt(total)
  end
  return fmt(tonumber(redis.call('GET', key) or '0'))
end

-- Sorted set member -> last time seen; counts members seen in (at - window, at].
local function distinct(key, a1, a2, a3, a4)
  local windowMs, member, hasMember, maxMembers = tonumber(a1), a2, a3 == '1', tonumber(a4)
  local since = at - windowMs
  if write and hasMember then
    redis.call('ZADD', key, 'GT', at, member)
    redis.call('ZREMRANGEBYSCORE', key, '-inf', fmt(since))
    -- What is left is exactly (since, +inf]: its size is the count.
    local size = redis.call('ZCARD', key)
    if size > maxMembers then
      redis.call('ZREMRANGEBYRANK', key, 0, size - maxMembers - 1)
      size = maxMembers
    end
    redis.call('PEXPIRE', key, windowMs)
    return fmt(size)
  end
  return fmt(redis.call('ZCOUNT', key, '(' .. fmt(since), '+inf'))
end

-- Hash member -> last time seen; returns the previous sighting, or '' (never, but the hash held
-- other members) or '-' (never, and nothing recorded: no history). The EXISTS is only paid for
-- unseen members.
local function seen(key, a1, a2, a3, a4)
  local member, record, retention, maxMembers = a1, a2 == '1', tonumber(a3), tonumber(a4)
  local prev = redis.call('HGET', key, member)
  local out = prev
  if not prev then
    if redis.call('EXISTS', key) == 1 then out = '' else out = '-' end
  end
  if write and record then
    if (not prev) or tonumber(prev) < at then redis.call('HSET', key, member, fmt(at)) end
    -- Only a new member can push the hash past its cap.
    if (not prev) and redis.call('HLEN', key) > maxMembers then
      local flat = redis.call('HGETALL', key)
      local entries = {}
      for j = 1, #flat, 2 do entries[#entries + 1] = { flat[j], tonumber(flat[j + 1]) } end
      table.sort(entries, function(x, y) return x[2] < y[2] end)
      -- Forget the oldest half: rarely needed, amortised over many writes.
      for j = 1, #entries - math.floor(maxMembers / 2) do redis.call('HDEL', key, entries[j][1]) end
    end
    -- Rules differing only in history share this hash: the longest one keeps it.
    extend(key, retention)
  end
  return out
end

-- The previous matching event (JSON written by the engine); only a newer event replaces it.
local function lastEvent(key, a1, a2)
  local record, retention = a1, tonumber(a2)
  local prev = redis.call('GET', key)
  if write and record ~= '' then
    local newer = true
    if prev then
      local ok, decoded = pcall(cjson.decode, prev)
      if ok and type(decoded) == 'table' and tonumber(decoded.at) and tonumber(decoded.at) > at then newer = false end
    end
    if newer then redis.call('SET', key, record, 'PX', retention) end
  end
  return prev or ''
end

-- Count and sum before this event; past maxSamples both halve, so the mean tracks recent habits.
local function average(key, a1, a2, a3)
  local sample, retention, maxSamples = a1, tonumber(a2), tonumber(a3)
  local v = redis.call('HMGET', key, 'n', 'sum')
  local count, sum = tonumber(v[1] or '0') or 0, tonumber(v[2] or '0') or 0
  if write and sample ~= '' then
    local nextCount, nextSum = count + 1, sum + tonumber(sample)
    if nextCount > maxSamples then nextCount, nextSum = math.floor(nextCount / 2), math.floor(nextSum / 2) end
    redis.call('HSET', key, 'n', fmt(nextCount), 'sum', fmt(nextSum))
    redis.call('PEXPIRE', key, retention)
  end
  return fmt(count) .. ':' .. fmt(sum)
end

local values = {}
local groups, groupOrder, lists = {}, {}, {}
for i = 1, n do
  local kind, k = arg(i, 1), tonumber(arg(i, 2))
  local key = KEYS[k]
  if first then values[i] = first[i + 2]
  elseif kind == 'ctr' then
    if not groups[k] then groups[k] = {}; groupOrder[#groupOrder + 1] = k end
    table.insert(groups[k], i)
  elseif kind == 'list' then lists[#lists + 1] = i
  elseif kind == 'day' then values[i] = daily(key, arg(i, 3), arg(i, 4))
  elseif kind == 'dst' then values[i] = distinct(key, arg(i, 3), arg(i, 4), arg(i, 5), arg(i, 6))
  elseif kind == 'seen' then values[i] = seen(key, arg(i, 3), arg(i, 4), arg(i, 5), arg(i, 6))
  elseif kind == 'last' then values[i] = lastEvent(key, arg(i, 3), arg(i, 4))
  else values[i] = average(key, arg(i, 3), arg(i, 4), arg(i, 5)) end
end
for _, k in ipairs(groupOrder) do
  local failed = counterGroup(KEYS[k], groups[k], values)
  if failed then return failed end
end
if #lists > 0 then
  local listKeys = {}
  for j, i in ipairs(lists) do listKeys[j] = KEYS[tonumber(arg(i, 2))] end
  local got = redis.call('MGET', unpack(listKeys))
  for j, i in ipairs(lists) do values[i] = got[j] and '1' or '0' end
end

local out = { status }
for i = 1, n do out[i + 1] = values[i] end
if write then
  redis.call('SET', KEYS[1], origin .. SEP .. plan .. SEP .. table.concat(values, SEP), 'PX', ARGV[2])
end
return out
`;
