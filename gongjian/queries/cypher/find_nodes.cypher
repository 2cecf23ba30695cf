// find_nodes — the nodes of one label whose properties equal $where, counted, and one page of
// them in id order (find_nodes_in: those of some areas).
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Need) before it runs;
// to run it in Neo4j Browser, write the label in its place.
// Parameters: $where — map of property → value ({}: any; a null value matches a node without the
// property); $offset — integer; $limit — integer, or null for all the rest (0: just the total), e.g.
//   :param where => {status: 'open'}
//   :param offset => 0
//   :param limit => 20
// Returns: one row: total (how many match), page (list of [id, properties]).
MATCH (n:__LABEL__)
WHERE all(k IN keys($where) WHERE n[k] = $where[k] OR (n[k] IS NULL AND $where[k] IS NULL))
WITH n
ORDER BY n.id
WITH collect(n) AS hits
RETURN size(hits) AS total,
       [x IN CASE WHEN $limit IS NULL THEN hits[$offset..] ELSE hits[$offset..$offset + $limit] END
        | [x.id, properties(x)]] AS page
