// names — the key and the name of every node of one label that has one (for the search index).
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Unit) before it runs;
// to run it in Neo4j Browser, write the label in its place.
// Parameters: $prop — the property that holds the label's name (name, or title for Need and
// Resource), e.g. :param prop => 'name'
// Returns: one row per node with that property: id, name, aliases (its short names, 简称, a list
// or null). (The store drops empty names.)
MATCH (n:__LABEL__)
WHERE n[$prop] IS NOT NULL
RETURN n.id AS id, n[$prop] AS name, n.aliases AS aliases
