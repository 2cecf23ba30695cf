// find_nodes_in — the nodes of one label whose `area` property is one of $areas and whose
// properties equal $where, counted, and one page of them in id order. The areas are seeked in
// the label's area index (index_area), not scanned.
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Need) before it runs;
// to run it in Neo4j Browser, write the label in its place.
// Parameters: $areas — list of area codes; $where — map of property → value ({}: any; a null
// value matches a node without the property); $offset — integer; $limit — integer, or null for
// all the rest (0: just the total), e.g.
//   :param areas => ['530111001001', '530111001101']
//   :param where => {status: 'open'}
//   :param offset => 0
//   :param limit => 20
// Returns: one row: total (how many match), page (list of [id, properties]).
MATCH (n:__LABEL__)
WHERE n.area IN $areas
  AND all(k IN keys($where) WHERE n[k] = $where[k] OR (n[k] IS NULL AND $where[k] IS NULL))
WITH n
ORDER BY n.id
WITH collect(n) AS hits
RETURN size(hits) AS total,
       [x IN CASE WHEN $limit IS NULL THEN hits[$offset..] ELSE hits[$offset..$offset + $limit] END
        | [x.id, properties(x)]] AS page
