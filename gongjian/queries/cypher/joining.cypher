// joining — the relationships between each of some pairs of nodes, in either direction, to say
// which relationships a match's path takes: one fixed statement for pairs of any labels, so the
// server plans it once. Each end is found by a branch per label (the model's twelve: every
// branch but its own label's unwinds nothing), so every end is a seek on its label's key;
// between the two ends, an Expand(Into) by the model's types.
// Token: __TYPES__ (every relationship type of gongjian.model, joined by |) is replaced before it
// runs; to run it in Neo4j Browser, write them in its place (or drop `:__TYPES__`).
// Parameters: $pairs — list of [first label, first id, second label, second id], e.g.
//   :param pairs => [['Need', 'N-01', 'Area', '530111001001'], ['Unit', 'U-01', 'Resource', 'R-01']]
// Returns: one row per relationship: pair (its place in $pairs), type, forward (whether it points
// from the pair's first node to its second).
UNWIND range(0, size($pairs) - 1) AS at
WITH at, $pairs[at] AS pair
CALL (pair) {
  UNWIND CASE pair[0] WHEN 'Area' THEN [pair[1]] ELSE [] END AS id MATCH (a:Area {id: id}) RETURN a
  UNION ALL
  UNWIND CASE pair[0] WHEN 'Unit' THEN [pair[1]] ELSE [] END AS id MATCH (a:Unit {id: id}) RETURN a
  UNION ALL
  UNWIND CASE pair[0] WHEN 'PartyOrg' THEN [pair[1]] ELSE [] END AS id MATCH (a:PartyOrg {id: id}) RETURN a
  UNION ALL
  UNWIND CASE pair[0] WHEN 'Platform' THEN [pair[1]] ELSE [] END AS id MATCH (a:Platform {id: id}) RETURN a
  UNION ALL
  UNWIND CASE pair[0] WHEN 'Person' THEN [pair[1]] ELSE [] END AS id MATCH (a:Person {id: id}) RETURN a
  UNION ALL
  UNWIND CASE pair[0] WHEN 'Agreement' THEN [pair[1]] ELSE [] END AS id MATCH (a:Agreement {id: id}) RETURN a
  UNION ALL
  UNWIND CASE pair[0] WHEN 'Need' THEN [pair[1]] ELSE [] END AS id MATCH (a:Need {id: id}) RETURN a
  UNION ALL
  UNWIND CASE pair[0] WHEN 'Resource' THEN [pair[1]] ELSE [] END AS id MATCH (a:Resource {id: id}) RETURN a
  UNION ALL
  UNWIND CASE pair[0] WHEN 'Project' THEN [pair[1]] ELSE [] END AS id MATCH (a:Project {id: id}) RETURN a
  UNION ALL
  UNWIND CASE pair[0] WHEN 'Event' THEN [pair[1]] ELSE [] END AS id MATCH (a:Event {id: id}) RETURN a
  UNION ALL
  UNWIND CASE pair[0] WHEN 'Evaluation' THEN [pair[1]] ELSE [] END AS id MATCH (a:Evaluation {id: id}) RETURN a
  UNION ALL
  UNWIND CASE pair[0] WHEN 'Document' THEN [pair[1]] ELSE [] END AS id MATCH (a:Document {id: id}) RETURN a
}
CALL (pair) {
  UNWIND CASE pair[2] WHEN 'Area' THEN [pair[3]] ELSE [] END AS id MATCH (b:Area {id: id}) RETURN b
  UNION ALL
  UNWIND CASE pair[2] WHEN 'Unit' THEN [pair[3]] ELSE [] END AS id MATCH (b:Unit {id: id}) RETURN b
  UNION ALL
  UNWIND CASE pair[2] WHEN 'PartyOrg' THEN [pair[3]] ELSE [] END AS id MATCH (b:PartyOrg {id: id}) RETURN b
  UNION ALL
  UNWIND CASE pair[2] WHEN 'Platform' THEN [pair[3]] ELSE [] END AS id MATCH (b:Platform {id: id}) RETURN b
  UNION ALL
  UNWIND CASE pair[2] WHEN 'Person' THEN [pair[3]] ELSE [] END AS id MATCH (b:Person {id: id}) RETURN b
  UNION ALL
  UNWIND CASE pair[2] WHEN 'Agreement' THEN [pair[3]] ELSE [] END AS id MATCH (b:Agreement {id: id}) RETURN b
  UNION ALL
  UNWIND CASE pair[2] WHEN 'Need' THEN [pair[3]] ELSE [] END AS id MATCH (b:Need {id: id}) RETURN b
  UNION ALL
  UNWIND CASE pair[2] WHEN 'Resource' THEN [pair[3]] ELSE [] END AS id MATCH (b:Resource {id: id}) RETURN b
  UNION ALL
  UNWIND CASE pair[2] WHEN 'Project' THEN [pair[3]] ELSE [] END AS id MATCH (b:Project {id: id}) RETURN b
  UNION ALL
  UNWIND CASE pair[2] WHEN 'Event' THEN [pair[3]] ELSE [] END AS id MATCH (b:Event {id: id}) RETURN b
  UNION ALL
  UNWIND CASE pair[2] WHEN 'Evaluation' THEN [pair[3]] ELSE [] END AS id MATCH (b:Evaluation {id: id}) RETURN b
  UNION ALL
  UNWIND CASE pair[2] WHEN 'Document' THEN [pair[3]] ELSE [] END AS id MATCH (b:Document {id: id}) RETURN b
}
MATCH (a)-[r:__TYPES__]-(b)
RETURN at AS pair, type(r) AS type, startNode(r) = a AS forward
