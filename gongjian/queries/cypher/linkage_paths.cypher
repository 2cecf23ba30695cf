// linkage_paths — the paths between two different nodes of the three shortest lengths (the store
// keeps the simple ones of the shortest length d, d + 1 and d + 2), relationships taken in either
// direction but none of $skip_types, and no node but the two ends of $skip_labels. A path is
// searched up to 8 relationships (a bound cannot be a parameter); the store drops longer ones.
// Tokens: __SRC__ and __DST__ (labels of gongjian.model, e.g. Unit and Area) are replaced before
// it runs; to run it in Neo4j Browser, write them in their places.
// Parameters: $src, $dst — the two nodes' keys; $skip_labels, $skip_types — lists of strings;
// $pool — integer, e.g.
//   :param src => 'U-LAW-01'
//   :param dst => '530111001001'
//   :param skip_labels => ['Person', 'Document', 'Event', 'Evaluation']
//   :param skip_types => ['MENTIONS', 'CONCERNS', 'EVALUATED_BY', 'EVALUATES']
//   :param pool => 1000
// Returns: one row per path, shortest first: seq (list of [labels, id], from $src to $dst),
// steps (list of [type, forward]: forward when the relationship points along the path).
MATCH p = SHORTEST 3 GROUPS (a:__SRC__ {id: $src})
      ((x)-[r WHERE NOT type(r) IN $skip_types]-(y) WHERE NOT any(l IN labels(y) WHERE l IN $skip_labels)){0,7}
      (m)-[last WHERE NOT type(last) IN $skip_types]-(b:__DST__ {id: $dst})
WITH p, nodes(p) AS vs, relationships(p) AS es
ORDER BY length(p)
LIMIT $pool
RETURN [v IN vs | [labels(v), v.id]] AS seq,
       [i IN range(0, size(es) - 1) | [type(es[i]), startNode(es[i]) = vs[i]]] AS steps
