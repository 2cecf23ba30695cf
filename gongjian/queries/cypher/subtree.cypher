// subtree — an area's code and the codes of every area below it (PART_OF, any depth).
// The store answers [code] followed by the codes below it in code order; no row: no such area.
// Parameters: $code — the area's code, e.g. :param code => '530111001000'
// Returns: at most one row: code, below (the distinct codes under it, in code order).
MATCH (root:Area {id: $code})
OPTIONAL MATCH (root)<-[:PART_OF*1..]-(child)
WITH root, child.id AS below
ORDER BY below
RETURN root.id AS code, collect(DISTINCT below) AS below
