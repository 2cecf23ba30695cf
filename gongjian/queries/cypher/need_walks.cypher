// need_walks — for each of some needs, every walk from the need to a resource (whose category is
// in the need's categories) of a linked unit, of the five linkage kinds (docs/domain.md
// "Linkage"; the embedded store's nxqueries.need_walks walks the same ones), with the properties
// of the units and resources they reach, the statuses of their projects, and the properties of
// the other nodes on the walks (platforms, party orgs, agreements, areas) and the relationships
// joining each step, so that naming a walk and saying how it is joined needs no further read. One row per need that has a walk (the six parts are joined by UNION ALL
// and aggregated per need, so each unit and resource is described once). No judgement here: each walk
// carries its window (a membership's since/until, an agreement's signed/expires) and
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
// Every walk starts from an area seeked by its key (USING INDEX SEEK: with the needs unwound, a
// bare USING INDEX may be met by scanning the index; tests/test_neo4j_plans.py keeps the seeks).
// Parameters: $asks — one map a need: at (its place in the list), community, street (area codes,
// null: none on the chain), c_at, s_at (their places on the chain), chain (the chain's codes,
// nearest first), categories (resource categories wanted; a missing one is 'other');
// $committee_kinds, $street_kinds — platform kinds:
//   :param asks => [{at: 0, community: '530111001001', street: '530111001000', c_at: 0, s_at: 1,
//                   chain: ['530111001001', '530111001000', '530111000000', '530100000000', '530000000000'],
//                   categories: ['health', 'disability', 'elderly', 'hardship', 'emergency']}]
//   :param committee_kinds => ['big_committee']
//   :param street_kinds => ['alliance', 'big_working_committee']
// Returns: one row per need that has a walk: at (the need's place in $asks); walks (list of
// [stage, kind, at, tail, unit id, resource id, window]: the walk is the need, chain[0..at], then tail, a list of [labels, id]; window [from, until] or null); units
// (list of [id, properties, statuses of the projects CLAIMED_BY it, [project status, need rating]
// of every rated need those projects ADDRESS]); resources (list of [id, properties, [status, started] of
// each project that USES it]); nodes (list of [labels, id, properties] of the other nodes on the
// walks); joins (list of [labels, id, labels, id, type, forward]: each relationship between two
// consecutive nodes of a walk, from chain[at] on, as joining.cypher answers them).
// Token: __TYPES__ (every relationship type of gongjian.model, joined by |) is replaced before it
// runs; to run it in Neo4j Browser, write them in its place.
UNWIND $asks AS ask
CALL (ask) {
  // 1. the community's big party committee
  MATCH (c:Area {id: ask.community})<-[:AT]-(p)
  USING INDEX SEEK c:Area(id)
  WHERE p.kind IN $committee_kinds
  MATCH (p)<-[m:MEMBER_OF]-(x)
  UNWIND CASE
           WHEN x:Unit THEN [[x]]
           WHEN x:PartyOrg THEN [(x)-[:BUILT_IN]->(bu:Unit) | [x, bu]]
           ELSE []
         END AS walk
  WITH ask, c, p, m, x, walk, last(walk) AS u
  MATCH (u)-[:OFFERS]->(r:Resource)
  WHERE CASE WHEN r.category IS NULL OR r.category = '' THEN 'other' ELSE r.category END IN ask.categories
  RETURN [0, 'big_committee', ask.c_at, [v IN [p] + walk + [r] | [labels(v), v.id]], u.id, r.id,
          [m.since, m.until]] AS walk, u, r, [p, x] AS via, [c, p] + walk + [r] AS seq
  UNION ALL
  // 2. agreements with the community or its party org
  MATCH (c:Area {id: ask.community})
  USING INDEX SEEK c:Area(id)
  UNWIND [c] + [(o:PartyOrg)-[:BUILT_IN]->(c) | o] AS a
  MATCH (a)-[:SIGNED {side: 'a'}]->(ag)
  MATCH (ag)<-[:SIGNED {side: 'b'}]-(x)
  UNWIND CASE
           WHEN x:Unit THEN [[x]]
           WHEN x:PartyOrg THEN [(x)-[:BUILT_IN]->(bu:Unit) | [x, bu]]
           ELSE []
         END AS walk
  WITH ask, c, ag, x, CASE WHEN a = c THEN [ag] ELSE [a, ag] END AS via, walk, last(walk) AS u
  MATCH (u)-[:OFFERS]->(r:Resource)
  WHERE CASE WHEN r.category IS NULL OR r.category = '' THEN 'other' ELSE r.category END IN ask.categories
  RETURN [0, 'agreement', ask.c_at, [v IN via + walk + [r] | [labels(v), v.id]], u.id, r.id,
          [ag.signed, ag.expires]] AS walk, u, r, via + [x] AS via, [c] + via + walk + [r] AS seq
  UNION ALL
  // 3. double registration with the community
  MATCH (c:Area {id: ask.community})<-[:REGISTERED_WITH]-(x)
  USING INDEX SEEK c:Area(id)
  UNWIND CASE
           WHEN x:Unit THEN [[x]]
           WHEN x:PartyOrg THEN [(x)-[:BUILT_IN]->(bu:Unit) | [x, bu]]
           ELSE []
         END AS walk
  WITH ask, c, x, walk, last(walk) AS u
  MATCH (u)-[:OFFERS]->(r:Resource)
  WHERE CASE WHEN r.category IS NULL OR r.category = '' THEN 'other' ELSE r.category END IN ask.categories
  RETURN [0, 'registration', ask.c_at, [v IN walk + [r] | [labels(v), v.id]], u.id, r.id, null] AS walk,
         u, r, [x] AS via, [c] + walk + [r] AS seq
  UNION ALL
  // 4. the street's alliance or big working committee
  MATCH (s:Area {id: ask.street})<-[:AT]-(p)
  USING INDEX SEEK s:Area(id)
  WHERE p.kind IN $street_kinds
  MATCH (p)<-[m:MEMBER_OF]-(x)
  UNWIND CASE
           WHEN x:Unit THEN [[x]]
           WHEN x:PartyOrg THEN [(x)-[:BUILT_IN]->(bu:Unit) | [x, bu]]
           ELSE []
         END AS walk
  WITH ask, s, p, m, x, walk, last(walk) AS u
  MATCH (u)-[:OFFERS]->(r:Resource)
  WHERE CASE WHEN r.category IS NULL OR r.category = '' THEN 'other' ELSE r.category END IN ask.categories
  RETURN [0, 'alliance', ask.s_at, [v IN [p] + walk + [r] | [labels(v), v.id]], u.id, r.id,
          [m.since, m.until]] AS walk, u, r, [p, x] AS via, [s, p] + walk + [r] AS seq
  UNION ALL
  // 5a. units that sit in the street (its own area or any area below it)
  MATCH down = (s:Area {id: ask.street})<-[:PART_OF*0..]-(area)
  USING INDEX SEEK s:Area(id)
  MATCH (area)<-[:LOCATED_IN]-(u:Unit)-[:OFFERS]->(r:Resource)
  WHERE CASE WHEN r.category IS NULL OR r.category = '' THEN 'other' ELSE r.category END IN ask.categories
  RETURN [0, 'proximity', ask.s_at, [v IN tail(nodes(down)) + [u, r] | [labels(v), v.id]], u.id, r.id, null] AS walk,
         u, r, tail(nodes(down)) AS via, nodes(down) + [u, r] AS seq
  UNION ALL
  // 5b. resources whose service scope covers the need's area or an area above it
  UNWIND range(0, size(ask.chain) - 1) AS i
  WITH ask, i, ask.chain[i] AS code
  MATCH (a:Area {id: code})<-[:SERVES]-(r:Resource)<-[:OFFERS]-(u:Unit)
  USING INDEX SEEK a:Area(id)
  WHERE CASE WHEN r.category IS NULL OR r.category = '' THEN 'other' ELSE r.category END IN ask.categories
  RETURN [1, 'proximity', i, [v IN [r, u] | [labels(v), v.id]], u.id, r.id, null] AS walk, u, r, [] AS via,
         [a, r, u] AS seq
}
WITH ask, collect(walk) AS walks, collect(DISTINCT u) AS units, collect(DISTINCT r) AS resources,
     reduce(acc = [], vs IN collect(DISTINCT via) | acc + vs) AS via, collect(seq) AS seqs
RETURN ask.at AS at, walks,
       [u IN units | [u.id, properties(u), [(u)<-[:CLAIMED_BY]-(pj) | pj.status],
               [(u)<-[:CLAIMED_BY]-(pj)-[:ADDRESSES]->(n:Need) WHERE n.rating IS NOT NULL AND n.rating <> '' | [pj.status, n.rating]]]] AS units,
       [r IN resources | [r.id, properties(r), [(r)<-[:USES]-(pj) | [pj.status, pj.started]]]] AS resources,
       COLLECT { UNWIND via AS v WITH DISTINCT v RETURN [labels(v), v.id, properties(v)] } AS nodes,
       COLLECT {
         UNWIND seqs AS seq
         UNWIND range(0, size(seq) - 2) AS i
         WITH DISTINCT seq[i] AS a, seq[i + 1] AS b
         MATCH (a)-[j:__TYPES__]-(b)
         RETURN [labels(a), a.id, labels(b), b.id, type(j), startNode(j) = a]
       } AS joins
