// need_head — the first read for matching needs: each need, the area it was raised in, and every
// area above that one with its parents (gongjian.rules.linkage.area_chain walks them), with the
// relationships joining each step (as joining.cypher answers them), so that a match's path
// needs no further read to say how its need and areas are joined.
// Token: __TYPES__ (every relationship type of gongjian.model, joined by |) is replaced before it
// runs; to run it in Neo4j Browser, write them in its place.
// Parameters: $needs — the needs' ids, e.g. :param needs => ['N-01', 'N-02']
// Returns: one row per need that exists: id, props (the need's properties), raised (the
// smallest code of the areas it is RAISED_IN, or null), joined (list of [type, forward] of the
// relationships between the need and that area), areas (list of {id, props, parents: list of
// [parent code, list of [type, forward] of the relationships between the area and that parent]}
// for that area and every area above it).
UNWIND $needs AS need
MATCH (n:Need {id: need})
CALL (n) {
  OPTIONAL MATCH (n)-[:RAISED_IN]->(a:Area)
  RETURN min(a.id) AS raised
}
CALL (n, raised) {
  OPTIONAL MATCH (r:Area {id: raised})
  USING INDEX SEEK r:Area(id)
  RETURN CASE WHEN r IS NULL THEN [] ELSE [(n)-[j:__TYPES__]-(r) | [type(j), startNode(j) = n]] END AS joined,
         COLLECT { MATCH (r)-[:PART_OF*0..]->(x:Area) RETURN DISTINCT x } AS up
}
RETURN n.id AS id, properties(n) AS props, raised, joined,
       [x IN up | {id: x.id, props: properties(x),
                   parents: [(x)-[:PART_OF]->(p:Area) | [p.id, [(x)-[j:__TYPES__]-(p) | [type(j), startNode(j) = x]]]]}]
         AS areas
