// need_walks — every walk from a need to a resource (whose category is in $categories) of a
// linked unit, of the five linkage kinds (docs/domain.md "Linkage"; the embedded store's
// nxqueries.need_walks walks the same ones), with the properties of the units and resources they
// reach and the statuses of their projects: one row per part (six parts, UNION ALL, each
// aggregated to one row, so the answer is six records however many walks). No judgement here:
// each walk carries its window (a membership's since/until, an agreement's signed/expires) and
// gongjian.queries.linkage keeps, per (resource, kind), the best walk that holds on the day.
// A member or signatory stands for a unit itself, or, being a party org, for each unit it is
// BUILT_IN.
//   big_committee  community <-AT- platform (kind in $committee_kinds) <-MEMBER_OF- member → unit
//   agreement      community, or a party org BUILT_IN it, -SIGNED{side:'a'}-> agreement
//                  <-SIGNED{side:'b'}- signatory → unit
//   registration   community <-REGISTERED_WITH- subject → unit
//   alliance       street <-AT- platform (kind in $street_kinds) <-MEMBER_OF- member → unit
//   proximity      street <-PART_OF*0..- area <-LOCATED_IN- unit (stage 0), or
//                  the need's area or one above it <-SERVES- resource <-OFFERS- unit (stage 1)
// and then unit -OFFERS-> resource (except for the service scope, which ends at the unit).
// Parameters: $community, $street — area codes (null: none on the chain); $c_at, $s_at — their
// places on the chain; $chain — the chain's codes, nearest first; $categories — resource
// categories wanted (a missing one is 'other'); $committee_kinds, $street_kinds — platform kinds:
//   :param community => '530111001001'
//   :param street => '530111001000'
//   :param c_at => 0
//   :param s_at => 1
//   :param chain => ['530111001001', '530111001000', '530111000000', '530100000000', '530000000000']
//   :param categories => ['health', 'disability', 'elderly', 'hardship', 'emergency']
//   :param committee_kinds => ['big_committee']
//   :param street_kinds => ['alliance', 'big_working_committee']
// Returns: six rows, one per part below, each: walks (list of [stage, kind, at, tail, unit id,
// resource id, window]: the walk is the need, chain[0..at], then tail, a list of [labels, id];
// window [from, until] or null); units (list of [id, properties, statuses of the projects
// CLAIMED_BY it, [project status, need rating] of every rated need those projects ADDRESS]); resources (list of [id, properties, [status, started] of each project that USES it]).
// 1. the community's big party committee
MATCH (c:Area {id: $community})<-[:AT]-(p)
USING INDEX c:Area(id)
WHERE p.kind IN $committee_kinds
MATCH (p)<-[m:MEMBER_OF]-(x)
UNWIND CASE
         WHEN x:Unit THEN [[x]]
         WHEN x:PartyOrg THEN [(x)-[:BUILT_IN]->(bu:Unit) | [x, bu]]
         ELSE []
       END AS walk
WITH p, m, walk, last(walk) AS u
MATCH (u)-[:OFFERS]->(r:Resource)
WHERE CASE WHEN r.category IS NULL OR r.category = '' THEN 'other' ELSE r.category END IN $categories
WITH collect([0, 'big_committee', $c_at, [v IN [p] + walk + [r] | [labels(v), v.id]], u.id, r.id,
              [m.since, m.until]]) AS walks,
     collect(DISTINCT u) AS units, collect(DISTINCT r) AS resources
RETURN walks,
       [u IN units | [u.id, properties(u), [(u)<-[:CLAIMED_BY]-(pj) | pj.status],
               [(u)<-[:CLAIMED_BY]-(pj)-[:ADDRESSES]->(n:Need) WHERE n.rating IS NOT NULL AND n.rating <> '' | [pj.status, n.rating]]]] AS units,
       [r IN resources | [r.id, properties(r), [(r)<-[:USES]-(pj) | [pj.status, pj.started]]]] AS resources
UNION ALL
// 2. agreements with the community or its party org
MATCH (c:Area {id: $community})
USING INDEX c:Area(id)
UNWIND [c] + [(o:PartyOrg)-[:BUILT_IN]->(c) | o] AS a
MATCH (a)-[:SIGNED {side: 'a'}]->(ag)
MATCH (ag)<-[:SIGNED {side: 'b'}]-(x)
UNWIND CASE
         WHEN x:Unit THEN [[x]]
         WHEN x:PartyOrg THEN [(x)-[:BUILT_IN]->(bu:Unit) | [x, bu]]
         ELSE []
       END AS walk
WITH ag, CASE WHEN a = c THEN [ag] ELSE [a, ag] END AS via, walk, last(walk) AS u
MATCH (u)-[:OFFERS]->(r:Resource)
WHERE CASE WHEN r.category IS NULL OR r.category = '' THEN 'other' ELSE r.category END IN $categories
WITH collect([0, 'agreement', $c_at, [v IN via + walk + [r] | [labels(v), v.id]], u.id, r.id,
              [ag.signed, ag.expires]]) AS walks,
     collect(DISTINCT u) AS units, collect(DISTINCT r) AS resources
RETURN walks,
       [u IN units | [u.id, properties(u), [(u)<-[:CLAIMED_BY]-(pj) | pj.status],
               [(u)<-[:CLAIMED_BY]-(pj)-[:ADDRESSES]->(n:Need) WHERE n.rating IS NOT NULL AND n.rating <> '' | [pj.status, n.rating]]]] AS units,
       [r IN resources | [r.id, properties(r), [(r)<-[:USES]-(pj) | [pj.status, pj.started]]]] AS resources
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
WHERE CASE WHEN r.category IS NULL OR r.category = '' THEN 'other' ELSE r.category END IN $categories
WITH collect([0, 'registration', $c_at, [v IN walk + [r] | [labels(v), v.id]], u.id, r.id, null]) AS walks,
     collect(DISTINCT u) AS units, collect(DISTINCT r) AS resources
RETURN walks,
       [u IN units | [u.id, properties(u), [(u)<-[:CLAIMED_BY]-(pj) | pj.status],
               [(u)<-[:CLAIMED_BY]-(pj)-[:ADDRESSES]->(n:Need) WHERE n.rating IS NOT NULL AND n.rating <> '' | [pj.status, n.rating]]]] AS units,
       [r IN resources | [r.id, properties(r), [(r)<-[:USES]-(pj) | [pj.status, pj.started]]]] AS resources
UNION ALL
// 4. the street's alliance or big working committee
MATCH (s:Area {id: $street})<-[:AT]-(p)
USING INDEX s:Area(id)
WHERE p.kind IN $street_kinds
MATCH (p)<-[m:MEMBER_OF]-(x)
UNWIND CASE
         WHEN x:Unit THEN [[x]]
         WHEN x:PartyOrg THEN [(x)-[:BUILT_IN]->(bu:Unit) | [x, bu]]
         ELSE []
       END AS walk
WITH p, m, walk, last(walk) AS u
MATCH (u)-[:OFFERS]->(r:Resource)
WHERE CASE WHEN r.category IS NULL OR r.category = '' THEN 'other' ELSE r.category END IN $categories
WITH collect([0, 'alliance', $s_at, [v IN [p] + walk + [r] | [labels(v), v.id]], u.id, r.id,
              [m.since, m.until]]) AS walks,
     collect(DISTINCT u) AS units, collect(DISTINCT r) AS resources
RETURN walks,
       [u IN units | [u.id, properties(u), [(u)<-[:CLAIMED_BY]-(pj) | pj.status],
               [(u)<-[:CLAIMED_BY]-(pj)-[:ADDRESSES]->(n:Need) WHERE n.rating IS NOT NULL AND n.rating <> '' | [pj.status, n.rating]]]] AS units,
       [r IN resources | [r.id, properties(r), [(r)<-[:USES]-(pj) | [pj.status, pj.started]]]] AS resources
UNION ALL
// 5a. units that sit in the street (its own area or any area below it)
MATCH down = (s:Area {id: $street})<-[:PART_OF*0..]-(area)
USING INDEX s:Area(id)
MATCH (area)<-[:LOCATED_IN]-(u:Unit)-[:OFFERS]->(r:Resource)
WHERE CASE WHEN r.category IS NULL OR r.category = '' THEN 'other' ELSE r.category END IN $categories
WITH collect([0, 'proximity', $s_at, [v IN tail(nodes(down)) + [u, r] | [labels(v), v.id]], u.id, r.id, null])
       AS walks,
     collect(DISTINCT u) AS units, collect(DISTINCT r) AS resources
RETURN walks,
       [u IN units | [u.id, properties(u), [(u)<-[:CLAIMED_BY]-(pj) | pj.status],
               [(u)<-[:CLAIMED_BY]-(pj)-[:ADDRESSES]->(n:Need) WHERE n.rating IS NOT NULL AND n.rating <> '' | [pj.status, n.rating]]]] AS units,
       [r IN resources | [r.id, properties(r), [(r)<-[:USES]-(pj) | [pj.status, pj.started]]]] AS resources
UNION ALL
// 5b. resources whose service scope covers the need's area or an area above it
UNWIND range(0, size($chain) - 1) AS i
WITH i, $chain[i] AS code
MATCH (a:Area {id: code})<-[:SERVES]-(r:Resource)<-[:OFFERS]-(u:Unit)
USING INDEX a:Area(id)
WHERE CASE WHEN r.category IS NULL OR r.category = '' THEN 'other' ELSE r.category END IN $categories
WITH collect([1, 'proximity', i, [v IN [r, u] | [labels(v), v.id]], u.id, r.id, null]) AS walks,
     collect(DISTINCT u) AS units, collect(DISTINCT r) AS resources
RETURN walks,
       [u IN units | [u.id, properties(u), [(u)<-[:CLAIMED_BY]-(pj) | pj.status],
               [(u)<-[:CLAIMED_BY]-(pj)-[:ADDRESSES]->(n:Need) WHERE n.rating IS NOT NULL AND n.rating <> '' | [pj.status, n.rating]]]] AS units,
       [r IN resources | [r.id, properties(r), [(r)<-[:USES]-(pj) | [pj.status, pj.started]]]] AS resources
