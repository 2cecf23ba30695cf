// claim_check — what a claim checks, read after claim_lock in the same transaction: the need's
// status, the resource's status and capacity, its active load (USES from projects whose status,
// claimed when missing, is in $active), the units that offer it, the areas the need was raised
// in, and whether the new project's id is taken.
// Parameters: $need, $resource, $project — ids; $active — project statuses that hold capacity, e.g.
//   :param need => 'N-02'
//   :param resource => 'R-03'
//   :param project => 'PJ-20261121-0a1b2c3d'
//   :param active => ['claimed', 'in_progress']
// Returns: one row (none if the need or the resource is missing): need_status, status, capacity,
// active, units (ids), areas (codes), taken (boolean).
MATCH (n:Need {id: $need})
MATCH (r:Resource {id: $resource})
OPTIONAL MATCH (taken:Project {id: $project})
RETURN n.status AS need_status, r.status AS status, r.capacity AS capacity,
       size([(r)<-[:USES]-(p) WHERE coalesce(p.status, 'claimed') IN $active | p]) AS active,
       [(u:Unit)-[:OFFERS]->(r) | u.id] AS units,
       [(n)-[:RAISED_IN]->(a:Area) | a.id] AS areas,
       taken IS NOT NULL AS taken
