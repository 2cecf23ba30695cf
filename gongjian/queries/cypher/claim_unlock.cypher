// claim_unlock — the last statement of a claim's write transaction: remove the `_gj_lock`
// property claim_lock set (the locks themselves are held until the commit).
// Parameters: $resource, $need — ids, e.g.
//   :param resource => 'R-03'
//   :param need => 'N-02'
// Returns: one row: n (how many nodes were unlocked).
OPTIONAL MATCH (r:Resource {id: $resource})
REMOVE r._gj_lock
WITH r
OPTIONAL MATCH (n:Need {id: $need})
REMOVE n._gj_lock
RETURN count(r) + count(n) AS n
