// area_units — the units sitting in some areas or linked to them (members of their platforms,
// signatories of their agreements, registered with them), directly or through a party org built in the unit.
// Parameters: $codes — list of area codes, e.g. :param codes => ['530111001001', '530111001002']
// Returns: one row per unit: id (sorted).
UNWIND $codes AS code
MATCH (a:Area {id: code})
CALL {
  WITH a
  MATCH (u:Unit)-[:LOCATED_IN]->(a)
  RETURN u
  UNION
  WITH a
  MATCH (u:Unit)-[:REGISTERED_WITH]->(a)
  RETURN u
  UNION
  WITH a
  MATCH (u:Unit)<-[:BUILT_IN]-(:PartyOrg)-[:REGISTERED_WITH]->(a)
  RETURN u
  UNION
  WITH a
  MATCH (u:Unit)-[:MEMBER_OF]->(:Platform)-[:AT]->(a)
  RETURN u
  UNION
  WITH a
  MATCH (u:Unit)<-[:BUILT_IN]-(:PartyOrg)-[:MEMBER_OF]->(:Platform)-[:AT]->(a)
  RETURN u
  UNION
  WITH a
  MATCH (a)-[:SIGNED]->(:Agreement)<-[:SIGNED]-(u:Unit)
  RETURN u
  UNION
  WITH a
  MATCH (a)-[:SIGNED]->(:Agreement)<-[:SIGNED]-(:PartyOrg)-[:BUILT_IN]->(u:Unit)
  RETURN u
  UNION
  WITH a
  MATCH (a)<-[:BUILT_IN]-(:PartyOrg)-[:SIGNED]->(:Agreement)<-[:SIGNED]-(u:Unit)
  RETURN u
  UNION
  WITH a
  MATCH (a)<-[:BUILT_IN]-(:PartyOrg)-[:SIGNED]->(:Agreement)<-[:SIGNED]-(:PartyOrg)-[:BUILT_IN]->(u:Unit)
  RETURN u
}
RETURN DISTINCT u.id AS id
ORDER BY id
