// neighbours — the relationships of some types at some nodes of one label, out of them and into
// them, each with the node at its other end: one statement for one node or many.
// A self-loop comes once as outgoing and once as incoming (as in the embedded store). The store
// sorts each node's rows by (type, other label, other id), outgoing first, and strips
// `_gj_`-prefixed properties from the nodes.
// Tokens: __LABEL__ (a label of gongjian.model, e.g. Platform) and __TYPES__ (relationship types
// of gongjian.model joined by |, e.g. AT|LEADS|MEMBER_OF: every type when none is asked for) are
// replaced before it runs, so each node's relationships are read by type, not all read and
// filtered; to run it in Neo4j Browser, write them in their places.
// Parameters: $keys — the nodes' keys; $outgoing, $incoming — booleans, which directions to read, e.g.
//   :param keys => ['PF-EJW']
//   :param outgoing => true
//   :param incoming => true
// Returns: one row per relationship: at (the key of the node it was asked for), type, outgoing
// (true: that node is its start), labels (the other node's), id (the other node's key), rel
// (the relationship's properties), props (the other node's properties).
UNWIND $keys AS key
MATCH (n:__LABEL__ {id: key})-[r:__TYPES__]->(m)
WHERE $outgoing
RETURN key AS at, type(r) AS type, true AS outgoing, labels(m) AS labels, m.id AS id,
       properties(r) AS rel, properties(m) AS props
UNION ALL
UNWIND $keys AS key
MATCH (n:__LABEL__ {id: key})<-[r:__TYPES__]-(m)
WHERE $incoming
RETURN key AS at, type(r) AS type, false AS outgoing, labels(m) AS labels, m.id AS id,
       properties(r) AS rel, properties(m) AS props
