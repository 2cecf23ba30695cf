// count_rels — how many relationships have a type (answered from Neo4j's count store, no scan).
// Type token: __TYPE__ is replaced by a relationship type of gongjian.model (e.g. PART_OF) before
// it runs; to run it in Neo4j Browser, write the type in its place.
// Parameters: none.
// Returns: one row, n.
MATCH ()-[r:__TYPE__]->()
RETURN count(r) AS n
