// unit_activity — what the scorecards of some units are judged on: their party orgs and people,
// memberships, agreements, registrations, evaluations received, projects, needs and resources.
// Parameters: $units — list of unit ids, e.g. :param units => ['U-LAW-01']
// Returns: one row per unit found: id, props; orgs ([id, properties] of the party orgs BUILT_IN
// it); people (ids of those who WORK_AT it or BELONG_TO one of its orgs, maybe repeated); links
// ([type, src labels, src id, relationship properties, dst labels, dst id, the other node's
// properties] of every MEMBER_OF, SIGNED, REGISTERED_WITH out of the unit, its orgs and its
// people, and every EVALUATES into the unit and its orgs); projects ([id, properties, ids of the
// needs it ADDRESSES] of those CLAIMED_BY it); needs ([id, properties]); resources ([id,
// properties] of those it OFFERS).
UNWIND $units AS uid
MATCH (u:Unit {id: uid})
WITH u, [(o:PartyOrg)-[:BUILT_IN]->(u) | o] AS orgs
WITH u, orgs,
     [(p:Person)-[:WORKS_AT]->(u) | p]
       + reduce(acc = [], o IN orgs | acc + [(p:Person)-[:BELONGS_TO]->(o) | p]) AS people
WITH u, orgs, people, [(pj:Project)-[:CLAIMED_BY]->(u) | pj] AS projects
RETURN u.id AS id, properties(u) AS props,
       [o IN orgs | [o.id, properties(o)]] AS orgs,
       [p IN people | p.id] AS people,
       reduce(acc = [], h IN [u] + orgs + people |
         acc + [(h)-[r:MEMBER_OF|SIGNED|REGISTERED_WITH]->(x) |
                [type(r), labels(h), h.id, properties(r), labels(x), x.id, properties(x)]])
       + reduce(acc = [], h IN [u] + orgs |
         acc + [(e:Evaluation)-[r:EVALUATES]->(h) |
                [type(r), labels(e), e.id, properties(r), labels(h), h.id, properties(e)]]) AS links,
       [pj IN projects | [pj.id, properties(pj), [(pj)-[:ADDRESSES]->(n:Need) | n.id]]] AS projects,
       reduce(acc = [], pj IN projects | acc + [(pj)-[:ADDRESSES]->(n:Need) | [n.id, properties(n)]]) AS needs,
       [(u)-[:OFFERS]->(r:Resource) | [r.id, properties(r)]] AS resources
ORDER BY id
