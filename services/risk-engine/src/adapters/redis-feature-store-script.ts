/**
 * One event's features, updated and read atomically in one script call (EVALSHA, pipelined
 * across a batch by the store).
 *
 * KEYS[1]   dedupe marker for the event id (holds this event's results, JSON by feature key)
 * KEYS[1+i] state key of feature i
 * ARGV[1] event time (ms)  ARGV[2] dedupe TTL (ms)  ARGV[3] feature count n
 * then 6 arguments per feature: kind, a1..a5 (see the per-kind functions).
 *
 * Replay: if the marker exists, the script writes nothing and returns the stored results, so a
 * replayed event sees exactly the features (hence the decision) of its first run. Features the
 * first run did not compute (rule set changed in between) are read without updating.
 *
 * Every write refreshes a TTL, and every collection is capped, so memory stays bounded.
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
local STRIDE = 6
local KINDS = { ctr = true, day = true, dst = true, seen = true, last = true, avg = true, list = true }

for i = 1, n do
  local kind = ARGV[3 + (i - 1) * STRIDE + 1]
  if not KINDS[kind] then return redis.error_reply('ERR vigil unknown feature kind ' .. tostring(kind)) end
end

local function fmt(x) return string.format('%.0f', x) end

local stored = redis.call('GET', KEYS[1])
local previous = nil
if stored then previous = cjson.decode(stored) end
local write = previous == nil

-- Sum of the bucket holding 'at' and the ceil(window/bucket) buckets before it.
local function counter(key, a)
  local windowMs, bucketMs, inc = tonumber(a[1]), tonumber(a[2]), tonumber(a[3])
  local last = math.floor(at / bucketMs)
  local first = last - math.ceil(windowMs / bucketMs)
  if write and inc > 0 then
    redis.call('HINCRBY', key, string.format('%d', last), inc)
    if redis.call('HLEN', key) > 2 * (last - first + 1) then
      for _, field in ipairs(redis.call('HKEYS', key)) do
        if tonumber(field) < first then redis.call('HDEL', key, field) end
      end
    end
    redis.call('PEXPIRE', key, windowMs + 2 * bucketMs)
  end
  local fields = {}
  for b = first, last do fields[#fields + 1] = string.format('%d', b) end
  local sum = 0
  for _, v in ipairs(redis.call('HMGET', key, unpack(fields))) do
    if v then sum = sum + tonumber(v) end
  end
  return fmt(sum)
end

local function daily(key, a)
  local ttl, inc = tonumber(a[1]), tonumber(a[2])
  if write and inc > 0 then
    local total = redis.call('INCRBY', key, inc)
    redis.call('PEXPIRE', key, ttl)
    return fmt(total)
  end
  return fmt(tonumber(redis.call('GET', key) or '0'))
end

-- Sorted set member -> last time seen; counts members seen in (at - window, at].
local function distinct(key, a)
  local windowMs, member, hasMember, maxMembers = tonumber(a[1]), a[2], a[3] == '1', tonumber(a[4])
  local since = at - windowMs
  if write and hasMember then
    redis.call('ZADD', key, 'GT', at, member)
    redis.call('ZREMRANGEBYSCORE', key, '-inf', fmt(since))
    local size = redis.call('ZCARD', key)
    if size > maxMembers then redis.call('ZREMRANGEBYRANK', key, 0, size - maxMembers - 1) end
    redis.call('PEXPIRE', key, windowMs)
  end
  return fmt(redis.call('ZCOUNT', key, '(' .. fmt(since), '+inf'))
end

-- Hash member -> last time seen; returns the previous sighting ('' = never).
local function seen(key, a)
  local member, record, retention, maxMembers = a[1], a[2] == '1', tonumber(a[3]), tonumber(a[4])
  local prev = redis.call('HGET', key, member)
  if write and record then
    if (not prev) or tonumber(prev) < at then redis.call('HSET', key, member, fmt(at)) end
    if redis.call('HLEN', key) > maxMembers then
      local flat = redis.call('HGETALL', key)
      local entries = {}
      for j = 1, #flat, 2 do entries[#entries + 1] = { flat[j], tonumber(flat[j + 1]) } end
      table.sort(entries, function(x, y) return x[2] < y[2] end)
      -- Forget the oldest half: rarely needed, amortised over many writes.
      for j = 1, #entries - math.floor(maxMembers / 2) do redis.call('HDEL', key, entries[j][1]) end
    end
    redis.call('PEXPIRE', key, retention)
  end
  return prev or ''
end

-- The previous matching event (JSON written by the engine); only a newer event replaces it.
local function lastEvent(key, a)
  local record, retention = a[1], tonumber(a[2])
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
local function average(key, a)
  local sample, retention, maxSamples = a[1], tonumber(a[2]), tonumber(a[3])
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

local function listed(key) return fmt(redis.call('EXISTS', key)) end

local results = {}
local out = { write and '0' or '1' }
for i = 1, n do
  local base = 3 + (i - 1) * STRIDE
  local kind = ARGV[base + 1]
  local a = { ARGV[base + 2], ARGV[base + 3], ARGV[base + 4], ARGV[base + 5], ARGV[base + 6] }
  local key = KEYS[i + 1]
  local value
  if previous and previous[key] ~= nil then value = previous[key]
  elseif kind == 'ctr' then value = counter(key, a)
  elseif kind == 'day' then value = daily(key, a)
  elseif kind == 'dst' then value = distinct(key, a)
  elseif kind == 'seen' then value = seen(key, a)
  elseif kind == 'last' then value = lastEvent(key, a)
  elseif kind == 'avg' then value = average(key, a)
  else value = listed(key) end
  results[key] = value
  out[#out + 1] = value
end
if write then redis.call('SET', KEYS[1], cjson.encode(results), 'PX', ARGV[2]) end
return out
`;
