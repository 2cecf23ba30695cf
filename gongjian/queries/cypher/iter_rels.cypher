// iter_rels — every relationship of one type with its ends and properties, streamed (sync, graph()).
// Type token: __TYPE__ is replaced by a relationship type of gongjian.model (e.g. MEMBER_OF) before
// it runs; to run it in Neo4j Browser, write the type in its place.
// Parameters: none.
// Returns: one row per relationship: src_labels, src (the start node's id), dst_labels, dst, props.
MATCH (a)-[r:__TYPE__]->(b)
RETURN labels(a) AS src_labels, a.id AS src, labels(b) AS dst_labels, b.id AS dst, properties(r) AS props
