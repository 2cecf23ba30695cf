// neighbours — the relationships at one node, out of it and into it, each with the node at its other end.
// A self-loop comes once as outgoing and once as incoming (as in the embedded store). The store
// sorts the rows by (type, other label, other id), outgoing first, and strips `_gj_`-prefixed
// properties from the nodes.
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Area) before it runs;
// to run it in Neo4j Browser, write the label in its place (twice).
// Parameters: $id — the node's key; $types — relationship types to keep (the model's types when
// none are asked for); $outgoing, $incoming — booleans, which directions to read, e.g.
//   :param id => '530111001000'
//   :param types => ['PART_OF']
//   :param outgoing => false
//   :param incoming => true
// Returns: one row per relationship: type, outgoing (true: the node is its start), labels (the
// other node's), id (the other node's key), rel (the relationship's properties), props (the
// other node's properties).
MATCH (n:__LABEL__ {id: $id})-[r]->(m)
WHERE $outgoing AND type(r) IN $types
RETURN type(r) AS type, true AS outgoing, labels(m) AS labels, m.id AS id, properties(r) AS rel,
       properties(m) AS props
UNION ALL
MATCH (n:__LABEL__ {id: $id})<-[r]-(m)
WHERE $incoming AND type(r) IN $types
RETURN type(r) AS type, false AS outgoing, labels(m) AS labels, m.id AS id, properties(r) AS rel,
       properties(m) AS props
