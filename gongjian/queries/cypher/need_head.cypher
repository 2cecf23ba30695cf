// need_head — the first read for matching needs: each need, the area it was raised in, and every
// area above that one with its parents (gongjian.rules.linkage.area_chain walks them).
// Parameters: $needs — the needs' ids, e.g. :param needs => ['N-01', 'N-02']
// Returns: one row per need that exists: id, props (the need's properties), raised (the
// smallest code of the areas it is RAISED_IN, or null), areas (list of {id, props, parents:
// list of parent codes} for that area and every area above it).
UNWIND $needs AS need
MATCH (n:Need {id: need})
CALL (n) {
  OPTIONAL MATCH (n)-[:RAISED_IN]->(a:Area)
  RETURN min(a.id) AS raised
}
CALL (raised) {
  OPTIONAL MATCH (r:Area {id: raised})-[:PART_OF*0..]->(x:Area)
  USING INDEX SEEK r:Area(id)
  RETURN collect(DISTINCT x) AS up
}
RETURN n.id AS id, properties(n) AS props, raised,
       [x IN up | {id: x.id, props: properties(x), parents: [(x)-[:PART_OF]->(p:Area) | p.id]}] AS areas
