// labels_of — which of these keys exist under one label (to resolve untyped references). The
// store runs it once per label of the model, joined by UNION ALL: one statement for every label.
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Unit) before it runs;
// to run it in Neo4j Browser, write the label in its place.
// Parameters: $ids — list of keys, e.g. :param ids => ['PO-EJW', 'U-LAW-01']
// Returns: one row per key found under the label: id, label.
UNWIND $ids AS key
MATCH (n:__LABEL__ {id: key})
RETURN key AS id, '__LABEL__' AS label
