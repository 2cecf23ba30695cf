// upsert_rels — merge a batch of relationships of one type, from nodes of one label to nodes of
// one label, keyed by (type, start, end), merge-patch style (a property given as null is removed).
// Both ends must exist: a row whose start or end is missing merges nothing, and the store, seeing
// `merged` fall short of the distinct (src, dst) pairs it sent, rolls the whole write back.
// Tokens: __TYPE__ (a relationship type of gongjian.model, e.g. MEMBER_OF), __SRC__ and __DST__
// (labels of gongjian.model, e.g. Unit and Platform) are replaced before it runs; to run it in
// Neo4j Browser, write them in their places.
// Parameters: $rows — list of {src: string, dst: string, props: map}, e.g.
//   :param rows => [{src: 'U1', dst: 'PF1', props: {role: '成员单位', since: '2021-03-01'}}]
// Returns: one row, merged = the number of distinct (src, dst) pairs whose relationship now exists.
UNWIND $rows AS row
MATCH (a:__SRC__ {id: row.src})
MATCH (b:__DST__ {id: row.dst})
MERGE (a)-[r:__TYPE__]->(b)
SET r += row.props
RETURN count(DISTINCT [row.src, row.dst]) AS merged
