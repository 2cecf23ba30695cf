// get_nodes — the nodes of one label with these ids (those that exist), with all their properties.
// The store strips the internal `_gj_key_only` marker (and, where it is set, `id`) from props.
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Area) before it runs;
// to run it in Neo4j Browser, write the label in its place.
// Parameters: $ids — list of ids, e.g. :param ids => ['530111001001', 'missing']
// Returns: one row per node found: id, props.
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
RETURN n.id AS id, properties(n) AS props
