// names — the key and the name of every node of one label that has one (for the search index).
// The store runs it once per label of the model, joined by UNION ALL (one statement).
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Unit) before it runs;
// to run it in Neo4j Browser, write the label in its place.
// Parameters: $props — label → the property that holds its name (name, or title for Need and
// Resource), e.g. :param props => {Unit: 'name', Need: 'title'}
// Returns: one row per node with that property: label, id, name, aliases (its short names, 简称,
// a list or null). (The store drops empty names.)
MATCH (n:__LABEL__)
WHERE n[$props['__LABEL__']] IS NOT NULL
RETURN '__LABEL__' AS label, n.id AS id, n[$props['__LABEL__']] AS name, n.aliases AS aliases
