// delete_rels — delete up to $batch relationships of one type; the store repeats it, one
// transaction each, until it deletes none (clear(): a bounded transaction at any scale).
// Type token: __TYPE__ is replaced by a relationship type of gongjian.model (e.g. PART_OF) before
// it runs; to run it in Neo4j Browser, write the type in its place.
// Parameters: $batch — integer, e.g. :param batch => 20000
// Returns: one row, deleted.
MATCH ()-[r:__TYPE__]->()
WITH r LIMIT $batch
DELETE r
RETURN count(r) AS deleted
