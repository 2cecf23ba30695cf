// create_rels — create a batch of relationships of one type that cannot exist yet (an end of each
// was created in the same write), from nodes of one label to nodes of one label; one row per
// (src, dst) pair.
// Both ends must exist: a row whose start or end is missing creates nothing, and the store, seeing
// `created` fall short of the rows it sent, rolls the whole write back.
// Tokens: __TYPE__ (a relationship type of gongjian.model, e.g. MEMBER_OF), __SRC__ and __DST__
// (labels of gongjian.model, e.g. Unit and Platform) are replaced before it runs; to run it in
// Neo4j Browser, write them in their places.
// Parameters: $rows — list of {src: string, dst: string, props: map}, e.g.
//   :param rows => [{src: 'U1', dst: 'PF1', props: {role: '成员单位', since: '2021-03-01'}}]
// Returns: one row, created = the number of relationships created.
UNWIND $rows AS row
MATCH (a:__SRC__ {id: row.src})
MATCH (b:__DST__ {id: row.dst})
CREATE (a)-[r:__TYPE__]->(b)
SET r += row.props
RETURN count(r) AS created
