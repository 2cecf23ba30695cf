// joining — the relationships between each of some pairs of nodes (of one pair of labels), in
// either direction, to say which relationships a match's path takes.
// Tokens: __SRC__ and __DST__ (labels of gongjian.model, e.g. Need and Area) are replaced before
// it runs; to run it in Neo4j Browser, write them in their places.
// Parameters: $pairs — list of [first id, second id], e.g.
//   :param pairs => [['N-01', '530111001001'], ['N-02', '530111001111']]
// Returns: one row per relationship: a, b (the pair's ids), type, forward (whether it points
// from the pair's first node to its second).
UNWIND $pairs AS pair
MATCH (a:__SRC__ {id: pair[0]})-[r]-(b:__DST__ {id: pair[1]})
RETURN pair[0] AS a, pair[1] AS b, type(r) AS type, startNode(r) = a AS forward
