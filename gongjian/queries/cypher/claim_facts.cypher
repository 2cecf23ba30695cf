// claim_facts — what a claim is judged on, read after claim_lock in the same transaction: the
// need and the resource (null when missing), the statuses of the projects that use the
// resource, the units that offer it, the areas the need was raised in, and whether the new
// project's id is taken. The MERGE holds the id (the unique constraint's lock) until the
// transaction ends, so a claim giving the same id meanwhile waits, then reads it taken; a
// refused claim rolls the bare node back (as upsert_nodes, a new node's `id` is only its key).
// Parameters: $need, $resource, $project — ids, e.g.
//   :param need => 'N-02'
//   :param resource => 'R-03'
//   :param project => 'PJ000640'
// Returns: one row: need, resource (properties or null), used ([status, started] of each project),
// units (ids), areas (codes), taken (boolean).
MERGE (new:Project {id: $project})
  ON CREATE SET new._gj_new = true, new._gj_key_only = true
WITH new, new._gj_new IS NULL AS taken
REMOVE new._gj_new
WITH taken
OPTIONAL MATCH (n:Need {id: $need})
OPTIONAL MATCH (r:Resource {id: $resource})
RETURN CASE WHEN n IS NULL THEN null ELSE properties(n) END AS need,
       CASE WHEN r IS NULL THEN null ELSE properties(r) END AS resource,
       CASE WHEN r IS NULL THEN [] ELSE [(r)<-[:USES]-(p) | [p.status, p.started]] END AS used,
       CASE WHEN r IS NULL THEN [] ELSE [(u:Unit)-[:OFFERS]->(r) | u.id] END AS units,
       CASE WHEN n IS NULL THEN [] ELSE [(n)-[:RAISED_IN]->(a:Area) | a.id] END AS areas,
       taken
