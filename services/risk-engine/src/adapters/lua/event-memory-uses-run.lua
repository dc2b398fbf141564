-- Redis Cluster: the uses an event made of the entities of one slot (KEYS[1..], ARGV as in
-- event-memory-uses.lua, joined before this part); the account's keys are recorded in a call of
-- their own (event-memory-record.lua with no uses). Returns { the belated uses, other accounts'
-- later uses } (each flat, see recordUses).
recordUses(1)
return { belated, others }
