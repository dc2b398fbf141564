-- One event's features, updated and read atomically in one call (pipelined across a batch by
-- the store), every value as of the event's own time (see FeatureSpec in @vigil/rules).
-- Redis scripts cannot require: redis-lua.ts joins byte-order.lua, this file,
-- feature-store-dedupe.lua, feature-store-buckets.lua, feature-store-members.lua and
-- feature-store-run.lua, in that order, into one script; each part uses the locals of the parts
-- before it. On Redis Cluster, the call of an event's features in a slot other than its
-- account's has feature-store-slot-dedupe.lua in place of feature-store-dedupe.lua (KEYS[1..2]
-- are then that slot's markers and results).
-- KEYS[1]   the root dedupe hash of the event's hour (layout in feature-store-dedupe.lua): per
--           (account, event id) of the dedupe window, a digest of the origin of its first
--           delivery (what tells a retry from an upstream resend)
-- KEYS[2]   first results of the event id: plan and the values in feature order, separated by the
--           byte 0x1f, then one more 0x1f (kept for the short results TTL: only a delivery retried
--           before its batch committed needs them)
-- KEYS[3]   the account's dedupe hash of the previous layout (read while upgrading, see the part)
-- KEYS[4..] state keys; several counters of one entity share one hash (see feature-store-buckets)
-- ARGV[1] event time (ms)  ARGV[2] dedupe TTL (ms)  ARGV[3] feature count n
-- ARGV[4] digest of the origin of this delivery (6 bytes)  ARGV[5] plan: how the features were
--         derived and which were asked for (firstResultsTag in @vigil/rules), what first results
--         are kept under and handed back for
-- ARGV[6] results TTL (ms)  ARGV[7] '1' read only (re-evaluation of an event recorded at ARGV[1])
-- ARGV[8] lateness horizon (ms): state is kept long enough to answer events this late exactly
-- ARGV[9..12] the state layout shared with the reference model (@vigil/rules
--         feature-state-layout.ts): bytes of detail per bucket, daily slot (ms), most buckets
--         kept beyond a window for late events, last-event records kept
-- ARGV[13] digest of the event id (8 bytes; the previous layout's field, the cluster slot markers')
-- ARGV[14] the features' operands, packed as one MessagePack array (cmsgpack, built into Redis;
--          one argument instead of one per operand: a few dozen arguments per call for the client
--          to write and Redis to parse, not ~130): 6 per feature, kind, index of its state key in
--          KEYS, a1..a4 (per kind, in the parts). Numbers arrive as Lua numbers (no tonumber, which
--          parses a string twice), flags as 1 / 0, members, fields and records as strings.
-- ARGV[15] digest of the account and the event id (8 bytes): the field of its dedupe entry
-- Returns { status, value1..valueN }: status '0' first processing (or read only), '1' replay from
-- the same origin (a retry), '2' replay from another origin (a duplicate delivery).
--
-- Replay: if the event id is in the dedupe hash, the script writes nothing and, when the plan is
-- the same (same rules, same features asked for) and the results are still kept, returns them,
-- so a retried event sees exactly the features (hence the decision) of its first run. Otherwise
-- (the rule set changed in between, the retry came after the results TTL, or an upstream reused
-- the event id for another event) every feature is read without updating, as of the event's
-- time. Read only (ARGV[7]): no dedupe entry is read or written, nothing is written,
-- status is '0'.
--
-- Calls per event are kept low (writes are replicated: replicas, AOF): counters of one entity
-- live in one hash, read with one HMGET and written with one HSET; a running window sum makes an
-- in-order event read three fields per counter, not every bucket of its window; list memberships
-- are one MGET; the dedupe entry one HMGET (one per level once an hour's hashes split, see the
-- part), its update one HSET (results one SET, read back only by a replay); hashes carry their
-- own expiry (HINT below) so the TTL moves only now and then, not on every event.
--
-- Every write leaves its key alive at least the feature's lifetime (plus the lateness horizon)
-- from now (never shortening one a longer-lived feature of the same hash needs), and every
-- collection is capped, so memory stays bounded.
--
-- Redis Cluster: per-account keys share the {accountId} hash tag, but cross-account keys (IP,
-- card, device, BIN counters, global lists) hash on their own value, so one call with all of an
-- event's features touches several slots: allowed on a single node (redis-feature-store.ts); a
-- cluster sends one call per slot (redis-cluster-feature-store.ts).
local at = tonumber(ARGV[1])
local n = tonumber(ARGV[3])
local originDigest, plan = ARGV[4], ARGV[5]
local readOnly = ARGV[7] == '1'
local horizon = tonumber(ARGV[8])
local DETAIL_BYTES, SLOT_MS = tonumber(ARGV[9]), tonumber(ARGV[10])
local MAX_LATE, LAST_RECORDS = tonumber(ARGV[11]), tonumber(ARGV[12])
local STRIDE = 6
local SEP = '\31'

-- Every number the script writes is whole (ms, counts, minor units): '%d' (a C long) spares the
-- floating-point formatting of '%.0f', the costliest step of writing a number. The event time
-- is written as given.
local function fmt(x) return string.format('%d', x) end
local atText = ARGV[1]
local OPS = cmsgpack.unpack(ARGV[14])

-- Which operands (a1..a4 are 3..6) each kind takes as numbers.
local NUMBERS = { ctr = { 4, 5, 6 }, day = { 3, 4 }, dst = { 3, 5, 6 }, seen = { 4, 5, 6 }, last = { 4 }, avg = { 4, 5 }, list = {} }

-- Validate before touching anything: a bad call must not half-apply an event.
if type(OPS) ~= 'table' or #OPS ~= n * STRIDE then
  return redis.error_reply('ERR vigil operands do not match the feature count ' .. tostring(n))
end
for i = 1, n do
  local base = (i - 1) * STRIDE
  local kind, k = OPS[base + 1], OPS[base + 2]
  local numbers = NUMBERS[kind]
  if not numbers then return redis.error_reply('ERR vigil unknown feature kind ' .. tostring(kind)) end
  -- KEYS has only number indexes: an index sent as text is refused before it is compared.
  if not KEYS[k] or k < 4 then return redis.error_reply('ERR vigil bad key index ' .. tostring(k)) end
  for x = 1, #numbers do
    local j = numbers[x]
    if type(OPS[base + j]) ~= 'number' then return redis.error_reply('ERR vigil operand ' .. j .. ' of feature ' .. i .. ' is not a number') end
  end
end

-- Each whole number's text, made once per call: bucket indexes and window starts repeat across
-- an event's features (the same buckets of the account's, card's, device's and IP's counters),
-- and string.format is the costliest step of writing a number.
local numText = {}
local function num(x)
  local t = numText[x]
  if not t then
    t = fmt(x)
    numText[x] = t
  end
  return t
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

-- The expiry to give the key (stored in HINT with the write, then set with PEXPIREAT: a key
-- with a hint has exactly that expiry, a key without one is new), or nil when the one it has
-- already covers ttl from now.
local function nextExpiry(hint, ttl, slack)
  local have = tonumber(hint)
  if have and have >= now() + ttl then return nil end
  return fmt(now() + ttl + slack)
end
