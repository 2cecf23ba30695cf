// claim_lock — the first statement of a claim's write transaction: write-lock the resource, then
// the need (always in this order), by setting the reserved property `_gj_lock`, so that of two
// claims for the same resource or need the second waits here until the first commits and then
// reads what it wrote. claim_unlock removes the property before the commit, so it is never
// stored; reads strip `_gj_` properties anyway.
// Parameters: $resource, $need — ids, e.g.
//   :param resource => 'R-03'
//   :param need => 'N-02'
// Returns: one row: need, resource (booleans: whether each exists).
OPTIONAL MATCH (r:Resource {id: $resource})
SET r._gj_lock = true
WITH r
OPTIONAL MATCH (n:Need {id: $need})
SET n._gj_lock = true
RETURN n IS NOT NULL AS need, r IS NOT NULL AS resource
