// existing_ids — which of these ids exist under one label (to resolve untyped references).
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Unit) before it runs;
// to run it in Neo4j Browser, write the label in its place.
// Parameters: $ids — list of ids, e.g. :param ids => ['PO-EJW', 'U-LAW-01']
// Returns: one row per id found: id.
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
RETURN n.id AS id
