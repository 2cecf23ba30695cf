// count_nodes — how many nodes carry a label (answered from Neo4j's count store, no scan). The
// store runs it once per label of the model, joined by UNION ALL (one statement).
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Unit) before it runs;
// to run it in Neo4j Browser, write the label in its place.
// Parameters: none.
// Returns: one row: name (the label), n.
MATCH (n:__LABEL__)
RETURN '__LABEL__' AS name, count(n) AS n
