// delete_nodes — delete up to $batch nodes of one label (with any relationship still attached);
// the store repeats it, one transaction each, until it deletes none (clear()).
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Unit) before it runs;
// to run it in Neo4j Browser, write the label in its place.
// Parameters: $batch — integer, e.g. :param batch => 20000
// Returns: one row, deleted.
MATCH (n:__LABEL__)
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(n) AS deleted
