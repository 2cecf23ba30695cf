// joining — the relationships between each of some pairs of nodes, in either direction, to say
// which relationships a match's path takes. The Neo4j store runs one copy per pair of labels
// it asks about, joined by UNION ALL: one statement for every pair.
// Tokens: __SRC__ and __DST__ (labels of gongjian.model, e.g. Need and Area) are replaced before
// it runs; to run it in Neo4j Browser, write them in their places.
// Parameters: $pairs — list of [first label, first id, second label, second id], e.g.
//   :param pairs => [['Need', 'N-01', 'Area', '530111001001'], ['Unit', 'U-1', 'Platform', 'PF-1']]
// Returns: one row per relationship: a_label, a, b_label, b (the pair), type, forward (whether
// it points from the pair's first node to its second).
UNWIND $pairs AS pair
WITH pair WHERE pair[0] = '__SRC__' AND pair[2] = '__DST__'
MATCH (a:__SRC__ {id: pair[1]})-[r]-(b:__DST__ {id: pair[3]})
RETURN pair[0] AS a_label, pair[1] AS a, pair[2] AS b_label, pair[3] AS b, type(r) AS type,
       startNode(r) = a AS forward
