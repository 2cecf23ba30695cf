// need_head — the first read for matching a need: the need, the area it was raised in, and
// every area above that one with its parents (gongjian.rules.linkage.area_chain walks them).
// Parameters: $need — the need's id, e.g. :param need => 'N-01'
// Returns: no row when there is no such need; else one row: props (the need's properties),
// raised (the smallest code of the areas it is RAISED_IN, or null), areas (list of {id, props,
// parents: list of parent codes} for that area and every area above it).
MATCH (n:Need {id: $need})
OPTIONAL MATCH (n)-[:RAISED_IN]->(a:Area)
WITH n, min(a.id) AS raised
OPTIONAL MATCH (:Area {id: raised})-[:PART_OF*0..]->(x:Area)
WITH n, raised, collect(DISTINCT x) AS up
RETURN properties(n) AS props, raised,
       [x IN up | {id: x.id, props: properties(x), parents: [(x)-[:PART_OF]->(p:Area) | p.id]}] AS areas
