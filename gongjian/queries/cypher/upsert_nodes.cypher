// upsert_nodes — merge a batch of nodes of one label by key, merge-patch style:
// a property given as null is removed, the others are set, properties not given stay.
// A new node gets `_gj_key_only: true` (its `id` is only the key, not one of its own properties,
// as for an Area, whose key is `code`); a row whose props carry `_gj_key_only: null` (the node's own
// properties include `id`) removes it. The store strips `_gj_key_only` (and then `id`) when reading.
// Label token: __LABEL__ is replaced by a label of gongjian.model (e.g. Unit) before it runs;
// to run it in Neo4j Browser, write the label in its place.
// Parameters: $rows — list of {id: string, props: map}, e.g.
//   :param rows => [{id: 'U1', props: {name: '甲', phone: null, _gj_key_only: null}}]
// Returns: nothing.
UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.id})
  ON CREATE SET n._gj_key_only = true
SET n += row.props
