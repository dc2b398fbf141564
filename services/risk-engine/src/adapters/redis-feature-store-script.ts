/**
 * One event's features, updated and read atomically in one script call (EVALSHA, pipelined
 * across a batch by the store).
 *
 * KEYS[1]   dedupe marker for the event id: the origin of its first delivery (kept for the dedupe
 *           TTL: it is what tells a retry from an upstream resend)
 * KEYS[2]   first results of the event id: plan and the values in feature order, separated by
 *           the byte 0x1f (a few hundred bytes, kept for the shorter results TTL: only a delivery
 *           retried before its batch committed needs them)
 * KEYS[3..] state keys; several counters of one entity share one hash (see below)
 * ARGV[1] event time (ms)  ARGV[2] dedupe TTL (ms)  ARGV[3] feature count n
 * ARGV[4] origin of this delivery  ARGV[5] plan (how the features were derived)
 * ARGV[6] results TTL (ms)
 * then 6 arguments per feature: kind, index of its state key in KEYS, a1..a4 (per kind below).
 * Returns { status, value1..valueN }: status '0' first processing, '1' replay from the same
 * origin (a retry), '2' replay from another origin (a duplicate delivery).
 *
 * Cost model (measured on Redis 7.0, EVALSHA pipelined 500 at a time): the call itself with ~180
 * arguments ~7-10 µs, each redis.call() of a small command ~0.2 µs, each number formatted or
 * parsed in Lua ~0.25 µs; the ~200 µs per event of the default rules is mostly that per-feature
 * Lua work. Commands still cost, and writes are replicated (replicas, AOF), so the script keeps
 * calls per event low:
 * - Counters of one entity (account, card, IP…) live in one hash and are read with one HMGET and
 *   written with one HSET. Each keeps a running window sum anchored at its newest bucket
 *   (field `<h>` = "anchor:sum:oldest"), so an in-order event reads two fields per counter, not
 *   every bucket of the window: constant time whatever the window. Buckets (`<h>:<index>`) are
 *   kept one extra window so an event arriving up to a window late still reads its exact window.
 * - List memberships are one MGET; distinct counts use ZCARD after trimming (no extra ZCOUNT);
 *   daily totals set their TTL once, when created.
 * - Hashes (counters, seen members, averages) carry their own expiry in the field '', read with
 *   the HMGET they need anyway: the TTL is moved (PEXPIREAT) only when it would come within the
 *   feature's lifetime, then past it by a slack, not on every event (see nextExpiry).
 *
 * Replay: if the marker exists, the script writes nothing and, when the plan is the same and the
 * results are still kept, returns them, so a retried event sees exactly the features (hence the
 * decision) of its first run. Otherwise (the rule set changed in between, or the retry came
 * after the results TTL) every feature is read without updating. A marker written before the
 * split (origin, plan and values in KEYS[1]) is read the same way.
 *
 * Every write leaves its key alive at least the feature's lifetime from now (never shortening
 * one a longer-lived feature of the same hash needs), and every collection is capped, so memory
 * stays bounded.
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
local function arg(i, j) return ARGV[6 + (i - 1) * STRIDE + j] end

-- Validate before touching anything: a bad call must not half-apply an event.
for i = 1, n do
  local kind, k = arg(i, 1), tonumber(arg(i, 2))
  if not KINDS[kind] then return redis.error_reply('ERR vigil unknown feature kind ' .. tostring(kind)) end
  if not k or k < 3 or not KEYS[k] then return redis.error_reply('ERR vigil bad key index ' .. tostring(arg(i, 2))) end
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

local stored = redis.call('MGET', KEYS[1], KEYS[2])
local marker, results = stored[1], stored[2]
-- A missing key reads as false in Lua, not nil.
local write = not marker
local status = '0'
-- First results when this replay derived the same features: first[firstAt + i] is value i.
local first, firstAt = nil, 0
if marker and string.sub(marker, 1, 1) == '{' then
  -- A marker of the earlier JSON format (written before an upgrade): treat as a retry, read only.
  status = '1'
elseif marker and string.find(marker, SEP, 1, true) then
  -- Origin, plan and values in one marker (written before they were split).
  local parts = split(marker)
  status = parts[1] == origin and '1' or '2'
  if parts[2] == plan and #parts == n + 2 then first, firstAt = parts, 2 end
elseif marker then
  status = marker == origin and '1' or '2'
  if results then
    local parts = split(results)
    if parts[1] == plan and #parts == n + 1 then first, firstAt = parts, 1 end
  end
end

-- Hashes keep, in the field '' (no member, counter or average field is empty), the expiry this
-- script last gave them (epoch ms, Redis clock). A write moves the expiry only when it would
-- otherwise come within ttl of now, and then past it by a slack, so a busy key pays one
-- PEXPIREAT per slack instead of a PEXPIRE (and often a PTTL) per event. The key still lives at
-- least ttl after its last write, and at most ttl + slack.
local HINT = ''
local nowMs = nil
local function now()
  if not nowMs then
    local t = redis.call('TIME')
    nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return nowMs
end

-- The expiry to give the key (stored in HINT with the write, then applied by applyExpiry), or
-- nil when the one it has already covers ttl from now.
local function nextExpiry(hint, ttl, slack)
  local have = tonumber(hint)
  if have and have >= now() + ttl then return nil end
  return fmt(now() + ttl + slack)
end

-- After the write that stored expiry in HINT. With a hint the key's TTL is exactly the hint, so
-- the new (later) expiry is set as is. Without one the key is new (no TTL yet: NX sets it) or was
-- written before hints, with a TTL that may be longer: then the later of the two stays, and
-- HINT is corrected to it.
local function applyExpiry(key, hint, expiry)
  if hint then
    redis.call('PEXPIREAT', key, expiry)
  elseif redis.call('PEXPIREAT', key, expiry, 'NX') == 0 and redis.call('PEXPIREAT', key, expiry, 'GT') == 0 then
    redis.call('HSET', key, HINT, fmt(now() + redis.call('PTTL', key)))
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
  local ttl, slack = 0, nil
  for j, i in ipairs(idxs) do
    local span, bucketMs = tonumber(arg(i, 4)), tonumber(arg(i, 5))
    local s = { i = i, h = arg(i, 3), span = span, c = math.floor(at / bucketMs), inc = tonumber(arg(i, 6)) }
    specs[j] = s
    fields[#fields + 1] = s.h
    fields[#fields + 1] = bucketField(s.h, s.c)
    if (span + 2) * bucketMs > ttl then ttl = (span + 2) * bucketMs end
    if not slack or bucketMs < slack then slack = bucketMs end
  end
  if not write then
    for _, s in ipairs(specs) do values[s.i] = fmt(exactSum(key, s.h, s.c, s.span)) end
    return
  end
  fields[#fields + 1] = HINT
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
  -- Past ttl by the group's smallest bucket: a busy hash re-extends about once per bucket.
  local hint = got[#fields]
  local expiry = nextExpiry(hint, ttl, slack)
  if expiry then
    sets[#sets + 1] = HINT
    sets[#sets + 1] = expiry
  end
  redis.call('HSET', key, unpack(sets))
  if expiry then applyExpiry(key, hint, expiry) end
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
-- other members) or '-' (never, and nothing recorded: no history). A hint field means the hash
-- exists; without one, a recording tells from the hash's size after it, and only a read-only
-- look at an unseen member pays an EXISTS.
local function seen(key, a1, a2, a3, a4)
  local member, record, retention, maxMembers = a1, a2 == '1', tonumber(a3), tonumber(a4)
  local got = redis.call('HMGET', key, member, HINT)
  local prev, hint = got[1], got[2]
  local writes = write and record
  local out = prev
  if not prev and hint then out = '' end
  if not prev and not hint and not writes then
    out = redis.call('EXISTS', key) == 1 and '' or '-'
  end
  if writes then
    local sets = {}
    if (not prev) or tonumber(prev) < at then sets = { member, fmt(at) } end
    -- Rules differing only in history share this hash: the longest one keeps it (a later
    -- expiry only). Over-provisioned by 1/32 of the retention.
    local expiry = nextExpiry(hint, retention, math.floor(retention / 32))
    if expiry then
      sets[#sets + 1] = HINT
      sets[#sets + 1] = expiry
    end
    if #sets > 0 then redis.call('HSET', key, unpack(sets)) end
    -- Only a new member can push the hash past its cap (the hint is one more field).
    if not prev then
      local size = redis.call('HLEN', key)
      -- Without a hint before this write, this member and the hint are all a new hash holds.
      if not hint then out = size > 2 and '' or '-' end
      if size > maxMembers + 1 then
        local flat = redis.call('HGETALL', key)
        local entries = {}
        for j = 1, #flat, 2 do
          if flat[j] ~= HINT then entries[#entries + 1] = { flat[j], tonumber(flat[j + 1]) } end
        end
        table.sort(entries, function(x, y) return x[2] < y[2] end)
        -- Forget the oldest half: rarely needed, amortised over many writes.
        for j = 1, #entries - math.floor(maxMembers / 2) do redis.call('HDEL', key, entries[j][1]) end
      end
    end
    if expiry then applyExpiry(key, hint, expiry) end
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
  local v = redis.call('HMGET', key, 'n', 'sum', HINT)
  local count, sum = tonumber(v[1] or '0') or 0, tonumber(v[2] or '0') or 0
  if write and sample ~= '' then
    local nextCount, nextSum = count + 1, sum + tonumber(sample)
    if nextCount > maxSamples then nextCount, nextSum = math.floor(nextCount / 2), math.floor(nextSum / 2) end
    local expiry = nextExpiry(v[3], retention, math.floor(retention / 32))
    if expiry then
      redis.call('HSET', key, 'n', fmt(nextCount), 'sum', fmt(nextSum), HINT, expiry)
      applyExpiry(key, v[3], expiry)
    else
      redis.call('HSET', key, 'n', fmt(nextCount), 'sum', fmt(nextSum))
    end
  end
  return fmt(count) .. ':' .. fmt(sum)
end

local values = {}
local groups, groupOrder, lists = {}, {}, {}
for i = 1, n do
  local kind, k = arg(i, 1), tonumber(arg(i, 2))
  local key = KEYS[k]
  if first then values[i] = first[firstAt + i]
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
  redis.call('SET', KEYS[1], origin, 'PX', ARGV[2])
  redis.call('SET', KEYS[2], plan .. SEP .. table.concat(values, SEP), 'PX', ARGV[6])
end
return out
`;
