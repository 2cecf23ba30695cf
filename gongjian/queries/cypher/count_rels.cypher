// count_rels — how many relationships have a type (answered from Neo4j's count store, no scan).
// The store runs it once per type of the model, joined by UNION ALL (one statement).
// Type token: __TYPE__ is replaced by a relationship type of gongjian.model (e.g. PART_OF) before
// it runs; to run it in Neo4j Browser, write the type in its place.
// Parameters: none.
// Returns: one row: name (the type), n.
MATCH ()-[r:__TYPE__]->()
RETURN '__TYPE__' AS name, count(r) AS n
