// find_node — the node with this key under one label, with its properties. The store runs it once
// per label it may be under, joined by UNION ALL (one statement), and keeps the first label's.
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Platform) before it runs;
// to run it in Neo4j Browser, write the label in its place.
// Parameters: $id — the key, e.g. :param id => 'PF-EJW'
// Returns: at most one row: label, props.
MATCH (n:__LABEL__ {id: $id})
RETURN '__LABEL__' AS label, properties(n) AS props
