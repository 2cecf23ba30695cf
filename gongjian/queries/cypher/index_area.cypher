// index_area — a range index on the area code of one label's nodes, so that the nodes of some
// areas (find_nodes_in: a county's open needs, a street's units) are an index seek, not a scan
// of the label. Made for every label whose ledger has an area column, when the store opens.
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Need) before it runs;
// to run it in Neo4j Browser, write the label in its place (twice).
// Parameters: none.
// Returns: nothing. Does nothing when the index exists (IF NOT EXISTS).
CREATE RANGE INDEX gongjian___LABEL___area IF NOT EXISTS
FOR (n:__LABEL__) ON (n.area)
