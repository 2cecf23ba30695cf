// rels_to — the __TYPE__ relationships coming IN to these nodes, with the node at the other end.
// Tokens: __TYPE__ (a relationship type of gongjian.model) and __LABEL__ (a label of gongjian.model,
// the nodes' label) are replaced before it runs; to run it in Neo4j Browser, write them in their places.
// Parameters: $ids — list of node ids, e.g. :param ids => ['530111001001', '530111001002']
// Returns: one row per relationship: src_labels, src (the start node's id), dst (the end node's id),
// props (the relationship's properties).
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})<-[r:__TYPE__]-(m)
RETURN labels(m) AS src_labels, m.id AS src, n.id AS dst, properties(r) AS props
