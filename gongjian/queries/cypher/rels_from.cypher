// rels_from — the __TYPE__ relationships going OUT of these nodes, with the node at the other end.
// Tokens: __TYPE__ (a relationship type of gongjian.model) and __LABEL__ (a label of gongjian.model,
// the nodes' label) are replaced before it runs; to run it in Neo4j Browser, write them in their places.
// Parameters: $ids — list of node ids, e.g. :param ids => ['U-LAW-01', 'U-HOSP-01']
// Returns: one row per relationship: src (the start node's id), dst_labels, dst (the end node's id),
// props (the relationship's properties).
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})-[r:__TYPE__]->(m)
RETURN n.id AS src, labels(m) AS dst_labels, m.id AS dst, properties(r) AS props
