// shortest_paths — the shortest paths between two different nodes, relationships taken in either
// direction, as distinct node sequences (parallel relationships give one sequence), at most $pool
// of them. The store drops them if longer than the hops asked for, sorts them and keeps k.
// Paths are searched up to 32 relationships (a bound cannot be a parameter in Cypher).
// Tokens: __SRC__ and __DST__ (labels of gongjian.model, e.g. Unit and Area) are replaced before
// it runs; to run it in Neo4j Browser, write them in their places.
// Parameters: $src, $dst — the two nodes' keys (not the same node); $pool — integer, e.g.
//   :param src => 'U-LAW-01'
//   :param dst => '530111001002'
//   :param pool => 1000
// Returns: one row per distinct node sequence: seq (list of [labels, id], from $src to $dst).
MATCH (a:__SRC__ {id: $src}), (b:__DST__ {id: $dst})
MATCH p = allShortestPaths((a)-[*..32]-(b))
WITH DISTINCT [v IN nodes(p) | [labels(v), v.id]] AS seq
RETURN seq
LIMIT $pool
