// need_context_walks — every walk from a need to a resource of a linked unit, of the five linkage
// kinds (DOMAIN.md "Linkage"; the embedded store's nxqueries.need_context walks the same ones),
// with the properties and counts of the units and resources they reach: one row per kind (six
// parts, UNION ALL, each aggregated to one row, so the answer is six records however many walks).
// The store prefixes each walk with the need and the chain of areas up to `at`, and keeps, per
// (resource, kind), the walk with the smallest nxqueries.walk_rank (stage, length, node sequence).
// A member or signatory stands for a unit itself, or, being a party org, for each unit it is
// BUILT_IN. Membership is current from `since` until `until`, inclusive, an agreement in force
// from `signed` until `expires` (missing or empty: open-ended); dates are ISO strings.
//   big_committee  community <-AT- platform (kind in $committee_kinds) <-MEMBER_OF- member → unit
//   agreement      community, or a party org BUILT_IN it, -SIGNED{side:'a'}-> agreement in force
//                  <-SIGNED{side:'b'}- signatory → unit
//   registration   community <-REGISTERED_WITH- subject → unit
//   alliance       street <-AT- platform (kind in $street_kinds) <-MEMBER_OF- member → unit
//   proximity      street <-PART_OF*0..- area <-LOCATED_IN- unit (stage 0), or
//                  the need's area or one above it <-SERVES- resource <-OFFERS- unit (stage 1)
// and then unit -OFFERS-> resource (except for the service scope, which ends at the unit).
// Parameters: $community, $street — area codes (null: none on the chain); $c_at, $s_at — their
// places on the chain; $chain — the chain's codes, nearest first; $today — ISO date;
// $committee_kinds, $street_kinds — platform kinds; $active — project statuses that hold capacity, e.g.
//   :param community => '530111001001'
//   :param street => '530111001000'
//   :param c_at => 0
//   :param s_at => 1
//   :param chain => ['530111001001', '530111001000', '530111000000', '530100000000', '530000000000']
//   :param today => '2026-11-21'
//   :param committee_kinds => ['big_committee']
//   :param street_kinds => ['alliance', 'big_working_committee']
//   :param active => ['claimed', 'in_progress']
// Returns: six rows, one per part below, each: walks (list of [stage, kind, at, tail, unit id,
// resource id]: the walk is the need, chain[0..at], then tail, a list of [labels, id]); units
// (list of [id, properties, done]: done = its projects with status done, by CLAIMED_BY);
// resources (list of [id, properties, active]: active = the projects that USE it whose status,
// claimed when missing, is in $active: the capacity it holds).
// 1. the community's big party committee
MATCH (c:Area {id: $community})<-[:AT]-(p)
USING INDEX c:Area(id)
WHERE p.kind IN $committee_kinds
MATCH (p)<-[m:MEMBER_OF]-(x)
WHERE (m.since IS NULL OR m.since = '' OR m.since <= $today)
  AND (m.until IS NULL OR m.until = '' OR m.until >= $today)
UNWIND CASE
         WHEN x:Unit THEN [[x]]
         WHEN x:PartyOrg THEN [(x)-[:BUILT_IN]->(bu:Unit) | [x, bu]]
         ELSE []
       END AS walk
WITH p, walk, last(walk) AS u
MATCH (u)-[:OFFERS]->(r:Resource)
WITH collect([0, 'big_committee', $c_at, [v IN [p] + walk + [r] | [labels(v), v.id]], u.id, r.id]) AS walks,
     collect(DISTINCT u) AS units, collect(DISTINCT r) AS resources
RETURN walks,
       [u IN units | [u.id, properties(u),
                      size([(u)<-[:CLAIMED_BY]-(pj) WHERE pj.status = 'done' | pj])]] AS units,
       [r IN resources | [r.id, properties(r),
                          size([(r)<-[:USES]-(pj) WHERE coalesce(pj.status, 'claimed') IN $active | pj])]]
         AS resources
UNION ALL
// 2. agreements in force with the community or its party org
MATCH (c:Area {id: $community})
USING INDEX c:Area(id)
UNWIND [c] + [(o:PartyOrg)-[:BUILT_IN]->(c) | o] AS a
MATCH (a)-[:SIGNED {side: 'a'}]->(ag)
WHERE (ag.signed IS NULL OR ag.signed = '' OR ag.signed <= $today)
  AND (ag.expires IS NULL OR ag.expires = '' OR ag.expires >= $today)
MATCH (ag)<-[:SIGNED {side: 'b'}]-(x)
UNWIND CASE
         WHEN x:Unit THEN [[x]]
         WHEN x:PartyOrg THEN [(x)-[:BUILT_IN]->(bu:Unit) | [x, bu]]
         ELSE []
       END AS walk
WITH CASE WHEN a = c THEN [ag] ELSE [a, ag] END AS via, walk, last(walk) AS u
MATCH (u)-[:OFFERS]->(r:Resource)
WITH collect([0, 'agreement', $c_at, [v IN via + walk + [r] | [labels(v), v.id]], u.id, r.id]) AS walks,
     collect(DISTINCT u) AS units, collect(DISTINCT r) AS resources
RETURN walks,
       [u IN units | [u.id, properties(u),
                      size([(u)<-[:CLAIMED_BY]-(pj) WHERE pj.status = 'done' | pj])]] AS units,
       [r IN resources | [r.id, properties(r),
                          size([(r)<-[:USES]-(pj) WHERE coalesce(pj.status, 'claimed') IN $active | pj])]]
         AS resources
UNION ALL
// 3. double registration with the community
MATCH (c:Area {id: $community})<-[:REGISTERED_WITH]-(x)
USING INDEX c:Area(id)
UNWIND CASE
         WHEN x:Unit THEN [[x]]
         WHEN x:PartyOrg THEN [(x)-[:BUILT_IN]->(bu:Unit) | [x, bu]]
         ELSE []
       END AS walk
WITH walk, last(walk) AS u
MATCH (u)-[:OFFERS]->(r:Resource)
WITH collect([0, 'registration', $c_at, [v IN walk + [r] | [labels(v), v.id]], u.id, r.id]) AS walks,
     collect(DISTINCT u) AS units, collect(DISTINCT r) AS resources
RETURN walks,
       [u IN units | [u.id, properties(u),
                      size([(u)<-[:CLAIMED_BY]-(pj) WHERE pj.status = 'done' | pj])]] AS units,
       [r IN resources | [r.id, properties(r),
                          size([(r)<-[:USES]-(pj) WHERE coalesce(pj.status, 'claimed') IN $active | pj])]]
         AS resources
UNION ALL
// 4. the street's alliance or big working committee
MATCH (s:Area {id: $street})<-[:AT]-(p)
USING INDEX s:Area(id)
WHERE p.kind IN $street_kinds
MATCH (p)<-[m:MEMBER_OF]-(x)
WHERE (m.since IS NULL OR m.since = '' OR m.since <= $today)
  AND (m.until IS NULL OR m.until = '' OR m.until >= $today)
UNWIND CASE
         WHEN x:Unit THEN [[x]]
         WHEN x:PartyOrg THEN [(x)-[:BUILT_IN]->(bu:Unit) | [x, bu]]
         ELSE []
       END AS walk
WITH p, walk, last(walk) AS u
MATCH (u)-[:OFFERS]->(r:Resource)
WITH collect([0, 'alliance', $s_at, [v IN [p] + walk + [r] | [labels(v), v.id]], u.id, r.id]) AS walks,
     collect(DISTINCT u) AS units, collect(DISTINCT r) AS resources
RETURN walks,
       [u IN units | [u.id, properties(u),
                      size([(u)<-[:CLAIMED_BY]-(pj) WHERE pj.status = 'done' | pj])]] AS units,
       [r IN resources | [r.id, properties(r),
                          size([(r)<-[:USES]-(pj) WHERE coalesce(pj.status, 'claimed') IN $active | pj])]]
         AS resources
UNION ALL
// 5a. units that sit in the street (its own area or any area below it)
MATCH down = (s:Area {id: $street})<-[:PART_OF*0..]-(area)
USING INDEX s:Area(id)
MATCH (area)<-[:LOCATED_IN]-(u:Unit)-[:OFFERS]->(r:Resource)
WITH collect([0, 'proximity', $s_at, [v IN tail(nodes(down)) + [u, r] | [labels(v), v.id]], u.id, r.id])
       AS walks,
     collect(DISTINCT u) AS units, collect(DISTINCT r) AS resources
RETURN walks,
       [u IN units | [u.id, properties(u),
                      size([(u)<-[:CLAIMED_BY]-(pj) WHERE pj.status = 'done' | pj])]] AS units,
       [r IN resources | [r.id, properties(r),
                          size([(r)<-[:USES]-(pj) WHERE coalesce(pj.status, 'claimed') IN $active | pj])]]
         AS resources
UNION ALL
// 5b. resources whose service scope covers the need's area or an area above it
UNWIND range(0, size($chain) - 1) AS i
WITH i, $chain[i] AS code
MATCH (a:Area {id: code})<-[:SERVES]-(r:Resource)<-[:OFFERS]-(u:Unit)
USING INDEX a:Area(id)
WITH collect([1, 'proximity', i, [v IN [r, u] | [labels(v), v.id]], u.id, r.id]) AS walks,
     collect(DISTINCT u) AS units, collect(DISTINCT r) AS resources
RETURN walks,
       [u IN units | [u.id, properties(u),
                      size([(u)<-[:CLAIMED_BY]-(pj) WHERE pj.status = 'done' | pj])]] AS units,
       [r IN resources | [r.id, properties(r),
                          size([(r)<-[:USES]-(pj) WHERE coalesce(pj.status, 'claimed') IN $active | pj])]]
         AS resources
