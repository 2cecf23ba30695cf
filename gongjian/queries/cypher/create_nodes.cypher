// create_nodes — create a batch of nodes of one label that the database does not hold yet
// (the store has just asked `existing_ids`), as `upsert_nodes` would have merged them: a key,
// and properties without nulls, `_gj_key_only: true` among them where `id` is only the key.
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Unit) before it runs;
// to run it in Neo4j Browser, write the label in its place.
// Parameters: $rows — list of {id: string, props: map}, e.g.
//   :param rows => [{id: 'U1', props: {name: '甲', _gj_key_only: true}}]
// Returns: nothing. A key already held fails the uniqueness constraint (the store then retries).
UNWIND $rows AS row
CREATE (n:__LABEL__ {id: row.id})
SET n += row.props
