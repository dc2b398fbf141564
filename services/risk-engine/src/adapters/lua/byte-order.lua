-- Byte order of two strings, the first part of every script that orders ids or members. Lua's
-- '<' on strings calls strcoll, and redis-server sets LC_COLLATE from its environment: under
-- en_US.UTF-8 'a' < 'B' and 'ab' < 'a-c', under C the reverse. Ties broken with '<' would make
-- the same events decide differently on two servers; bytes are what the reference model
-- (@vigil/rules byCodePoint) and Redis itself (sorted-set members, memcmp) order by.
local function byteLess(a, b)
  if a == b then return false end
  local n = #a < #b and #a or #b
  local i = 1
  while i <= n and string.byte(a, i) == string.byte(b, i) do i = i + 1 end
  if i > n then return #a < #b end
  return string.byte(a, i) < string.byte(b, i)
end
