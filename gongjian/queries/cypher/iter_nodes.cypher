// iter_nodes — every node of one label with all its properties, streamed (sync, graph()).
// The store strips the internal `_gj_key_only` marker (and, where it is set, `id`) from props.
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Unit) before it runs;
// to run it in Neo4j Browser, write the label in its place.
// Parameters: none.
// Returns: one row per node: id, props.
MATCH (n:__LABEL__)
RETURN n.id AS id, properties(n) AS props
