-- Part of the feature script (see feature-store.lua for KEYS / ARGV and the join order): the
-- bucketed features, counters and daily totals. Uses the locals at, atText, write, ownKnown,
-- horizon, DETAIL_BYTES, SLOT_MS, MAX_LATE, OPS, STRIDE, fmt, num, HINT and nextExpiry. Reference model:
-- DetailedBuckets in @vigil/rules (bucket-detail.ts), which the model integration tests hold
-- this to.
--
-- A bucket field holds ",off[:inc],..." (each event's offset in the bucket (ms) and its increment
-- when not 1) while that fits in DETAIL_BYTES, then "*lo:hi:sum" (only the range of offsets and
-- the sum) once it overflowed. Recording an event appends to the text (no number is parsed); a
-- bucket's sum is only parsed when it leaves a window or is cut. Cutting a bucket at an instant
-- inside an overflowed range cannot tell the two sides apart: the ambiguous part is left out, so
-- values err only toward not counting.
local function bucketField(h, b) return h .. ':' .. num(b) end

local function bucketSum(v)
  if not v then return 0 end
  if string.byte(v, 1) == 44 then -- ',': detail
    local s = 0
    for inc in string.gmatch(v, ',%d+:?(%d*)') do s = s + (inc == '' and 1 or tonumber(inc)) end
    return s
  end
  return tonumber(string.match(v, '(%d+)$')) -- '*lo:hi:sum'
end

-- What bucket value v is known to hold at offsets <= x (le) or > x (not le); nil when it cannot
-- tell. Where it cannot, the window's start bucket is left out entirely, and of the bucket of
-- 'at' only the reading event's own increment ('own', when it is known to be there) counts.
local function known(v, x, le)
  if string.byte(v, 1) == 44 then
    local s = 0
    for o, inc in string.gmatch(v, ',(%d+):?(%d*)') do
      if (tonumber(o) <= x) == le then s = s + (inc == '' and 1 or tonumber(inc)) end
    end
    return s
  end
  local lo, hi, all = string.match(v, '^%*(%d+):(%d+):(%d+)$')
  lo, hi, all = tonumber(lo), tonumber(hi), tonumber(all)
  if x >= hi then return le and all or 0 end
  if x < lo then return le and 0 or all end
  return nil
end

-- Bucket value v with one more event at offset x.
local function withEvent(v, x, inc)
  local entry = inc == 1 and ',' .. num(x) or ',' .. num(x) .. ':' .. num(inc)
  if not v then return entry end
  if string.byte(v, 1) == 44 then
    if #v + #entry <= DETAIL_BYTES then return v .. entry end
    local lo, hi, s = x, x, inc
    for o, i in string.gmatch(v, ',(%d+):?(%d*)') do
      o = tonumber(o)
      if o < lo then lo = o end
      if o > hi then hi = o end
      s = s + (i == '' and 1 or tonumber(i))
    end
    return string.format('*%d:%d:%d', lo, hi, s)
  end
  local lo, hi, s = string.match(v, '^%*(%d+):(%d+):(%d+)$')
  return string.format('*%d:%d:%d', math.min(tonumber(lo), x), math.max(tonumber(hi), x), tonumber(s) + inc)
end

-- Sum of the whole buckets from..to (inclusive) of counter h.
local function bucketsSum(key, h, from, to)
  if from > to then return 0 end
  local fields = {}
  for b = from, to do fields[#fields + 1] = bucketField(h, b) end
  local sum = 0
  for _, v in ipairs(redis.call('HMGET', key, unpack(fields))) do sum = sum + bucketSum(v or nil) end
  return sum
end

-- Counters sharing one hash. Per counter: a1 = field prefix h, a2 = window in buckets (span: the
-- window is a multiple of the bucket), a3 = bucket ms, a4 = increment. The value as of 'at' is
-- the sum over (at - W, at]: the buckets strictly between the one holding at - W (e) and the one
-- holding 'at' (c), plus e after its offset x and c up to x (x is the same offset in both).
--
-- Field <h> = "anchor:sum:oldest:last": a running sum of buckets [anchor - span, anchor] (anchor:
-- the newest bucket an event was processed in), the oldest bucket kept, and the offset in the
-- anchor bucket of its latest recorded increment (-1: none). An event in the anchor bucket or
-- later reads its value as the running sum less the part of e at or before x and, only when a
-- later increment is recorded in c (last > x), less the part of c after x: three fields per
-- counter, whatever the window. A late event (c < anchor) reads its window's buckets one by one.
-- Buckets are kept the window plus the lateness horizon (at most MAX_LATE buckets), so events
-- that late still read exactly.
local function counterGroup(key, idxs, values)
  local specs, fields = {}, {}
  local ttl, slack = 0, nil
  for j, i in ipairs(idxs) do
    local base = (i - 1) * STRIDE
    local span, bucketMs = OPS[base + 4], OPS[base + 5]
    local c = math.floor(at / bucketMs)
    local late = math.min(math.ceil(horizon / bucketMs), MAX_LATE)
    local s = { i = i, h = OPS[base + 3], span = span, c = c, x = at - c * bucketMs, bucketMs = bucketMs, late = late, inc = OPS[base + 6] }
    specs[j] = s
    fields[3 * j - 2] = s.h
    fields[3 * j - 1] = bucketField(s.h, c)
    fields[3 * j] = bucketField(s.h, c - span)
    if (span + late + 2) * bucketMs > ttl then ttl = (span + late + 2) * bucketMs end
    if not slack or bucketMs < slack then slack = bucketMs end
  end
  if write then fields[#fields + 1] = HINT end
  local got = redis.call('HMGET', key, unpack(fields))
  local sets, dels, scans = {}, {}, {}
  for j, s in ipairs(specs) do
    local vc, ve = got[3 * j - 1] or nil, got[3 * j] or nil
    local anchor, sum, oldest, last = nil, 0, s.c, -1
    if got[3 * j - 2] then
      local a, b, o, m = string.match(got[3 * j - 2], '^(%-?%d+):(%-?%d+):(%-?%d+):(%-?%d+)$')
      if not a then return redis.error_reply('ERR vigil corrupt counter anchor in ' .. key) end
      anchor, sum, oldest, last = tonumber(a), tonumber(b), tonumber(o), tonumber(m)
    end
    -- The reading event's increment when it is already in bucket c (read only, recorded).
    local own = (not write and ownKnown) and s.inc or 0
    local value
    if write and (anchor == nil or s.c >= anchor) then
      -- In order: the running sum slides forward to c. Buckets that leave it are subtracted;
      -- buckets older than the window plus the horizon are deleted.
      local keepFrom = s.c - s.span - s.late
      if anchor == nil or s.c - s.span > anchor then
        sum = bucketSum(vc) + s.inc
      else
        if s.c > anchor then sum = sum - bucketsSum(key, s.h, math.max(oldest, anchor - s.span), s.c - s.span - 1) end
        sum = sum + s.inc
      end
      if anchor ~= nil and keepFrom > oldest then
        local upTo = math.min(anchor, keepFrom - 1)
        if upTo - oldest > 4 * (s.span + 1) then
          scans[#scans + 1] = { h = s.h, below = keepFrom }
        else
          for b = oldest, upTo do dels[#dels + 1] = bucketField(s.h, b) end
        end
        oldest = keepFrom
      end
      if anchor == nil or anchor < keepFrom then oldest = s.c end
      value = sum - (ve and (known(ve, s.x, true) or bucketSum(ve)) or 0)
      if s.c == anchor and vc and last > s.x then value = value - (known(vc, s.x, false) or bucketSum(vc)) end
      if s.c ~= anchor then last = -1 end
      anchor = s.c
    elseif anchor ~= nil and s.c == anchor then
      -- Read only, in the anchor bucket: the running sum covers e..c.
      value = sum - (ve and (known(ve, s.x, true) or bucketSum(ve)) or 0)
      if vc and last > s.x then value = value - (known(vc, s.x, false) or bucketSum(vc) - own) end
    else
      -- Late (or read only away from the anchor): the window's buckets one by one.
      value = (ve and known(ve, s.x, false) or 0) + bucketsSum(key, s.h, s.c - s.span + 1, s.c - 1)
        + (vc and (known(vc, s.x, true) or own) or 0)
      if write then
        value = value + s.inc
        if s.c >= anchor - s.span then sum = sum + s.inc end
        if s.c < oldest then oldest = s.c end
      end
    end
    if write then
      if s.inc > 0 and s.c == anchor and s.x > last then last = s.x end
      sets[#sets + 1] = s.h
      -- Concatenated from cached texts (num): the bucket and offset repeat across the event's
      -- counters, and one string.format of four numbers costs more than the whole concatenation.
      sets[#sets + 1] = num(anchor) .. ':' .. num(sum) .. ':' .. num(oldest) .. ':' .. num(last)
      if s.inc > 0 then
        sets[#sets + 1] = bucketField(s.h, s.c)
        sets[#sets + 1] = withEvent(vc, s.x, s.inc)
      end
    end
    values[s.i] = num(value)
  end
  if not write then return end
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
  if expiry then redis.call('PEXPIREAT', key, expiry) end
end

-- A daily total: one hash per local day (the day is in the key), field 't' = "total:maxAt" and
-- one bucket field per hour slot (index = at // SLOT_MS), so an event reads its day as of 'at':
-- the total less the hours after its own and the part of its hour after it, read only when a
-- later increment is recorded (maxAt > at). a1 = TTL ms (set when the day is created), a2 =
-- increment.
local function daily(key, a1, a2)
  local ttl, inc = a1, a2
  local c = math.floor(at / SLOT_MS)
  local x = at - c * SLOT_MS
  local field = num(c)
  local got = redis.call('HMGET', key, 't', field)
  local total, maxAt, created = 0, nil, false
  if got[1] then
    local t, m = string.match(got[1], '^(%-?%d+):(%-?%d+)$')
    total, maxAt = tonumber(t), tonumber(m)
  else
    created = true
  end
  local vc = got[2] or nil
  local value = total
  if maxAt and maxAt > at then
    local fields = {}
    for b = c + 1, math.floor(maxAt / SLOT_MS) do fields[#fields + 1] = num(b) end
    if #fields > 0 then
      for _, v in ipairs(redis.call('HMGET', key, unpack(fields))) do value = value - bucketSum(v or nil) end
    end
    if vc then value = value - (known(vc, x, false) or bucketSum(vc) - ((not write and ownKnown) and inc or 0)) end
  end
  if write and inc > 0 then
    value = value + inc
    local newest = (maxAt and maxAt > at) and fmt(maxAt) or atText
    redis.call('HSET', key, 't', fmt(total + inc) .. ':' .. newest, field, withEvent(vc, x, inc))
    if created then redis.call('PEXPIRE', key, num(ttl)) end
  end
  return num(value)
end
