// neighbourhood — a node, its relationships of some types with the nodes at their other ends,
// and those nodes' relationships of other types (two steps, one round trip: a committee is the
// platform, its area, lead and members, and the units its member orgs are built in).
// The store runs it once per label the key may be under, joined by UNION ALL, and keeps the first
// label's row.
// Tokens: __LABEL__ (a label of gongjian.model, e.g. Platform), __TYPES__ and __THEN__ (the first
// and second step's relationship types, joined by |, e.g. AT|LEADS|MEMBER_OF and BUILT_IN) are
// replaced before it runs; to run it in Neo4j Browser, write them in their places.
// Parameters: $id — the key; $outgoing, $incoming — booleans, the first step's directions;
// $deeper — boolean, whether to take a second step; $then_out, $then_in — its directions, e.g.
//   :param id => 'PF-EJW'
//   :param outgoing => true
//   :param incoming => true
//   :param deeper => true
//   :param then_out => true
//   :param then_in => false
// Returns: at most one row: label, props (the node's properties); around (list of [type,
// outgoing, labels, id, rel props, node props] per relationship of the first step, outgoing:
// the node is its start); beyond (list of [labels, id, around] per distinct node of the first
// step, its around being the second step's relationships, as above; none if not $deeper).
MATCH (n:__LABEL__ {id: $id})
WITH n,
     [(n)-[r:__TYPES__]->(m) WHERE $outgoing | [r, m, true]] +
     [(n)<-[r:__TYPES__]-(m) WHERE $incoming | [r, m, false]] AS steps
RETURN '__LABEL__' AS label, properties(n) AS props,
       [s IN steps | [type(s[0]), s[2], labels(s[1]), s[1].id, properties(s[0]), properties(s[1])]] AS around,
       COLLECT {
         UNWIND steps AS s
         WITH DISTINCT s[1] AS m
         WHERE $deeper
         RETURN [labels(m), m.id,
                 [(m)-[r:__THEN__]->(k) WHERE $then_out
                  | [type(r), true, labels(k), k.id, properties(r), properties(k)]] +
                 [(m)<-[r:__THEN__]-(k) WHERE $then_in
                  | [type(r), false, labels(k), k.id, properties(r), properties(k)]]]
       } AS beyond
