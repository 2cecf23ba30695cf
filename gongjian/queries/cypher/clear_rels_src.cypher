// clear_rels_src — remove the __TYPE__ relationships going OUT of these nodes (a record's reference
// column is replaced as a whole: a unit moved to another area loses its old LOCATED_IN).
// Narrowed to relationships whose other end has one of $other_labels (none given: any), and whose
// properties equal $where (e.g. {side: 'a'}; empty map: any).
// Tokens: __TYPE__ (a relationship type of gongjian.model) and __LABEL__ (a label of gongjian.model,
// the nodes' label) are replaced before it runs; to run it in Neo4j Browser, write them in their places.
// Parameters: $ids — list of node ids; $other_labels — list of labels; $where — map, e.g.
//   :param ids => ['PO-GX']
//   :param other_labels => ['Area']
//   :param where => {}
// Returns: one row, deleted = the number of relationships removed.
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})-[r:__TYPE__]->(other)
WHERE (size($other_labels) = 0 OR any(l IN labels(other) WHERE l IN $other_labels))
  AND all(k IN keys($where) WHERE r[k] = $where[k])
DELETE r
RETURN count(r) AS deleted
