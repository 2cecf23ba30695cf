// constraint — the uniqueness constraint on a label's key (every label's key is the property `id`;
// an Area's key is its code, also kept as `code`). Run once per label, before the first write.
// Label token: __LABEL__ is replaced by a label of gongjian.model (Area, Unit, PartyOrg …) before
// it runs; to run it in Neo4j Browser, write the label in its place (twice).
// Parameters: none.
// Returns: nothing. Does nothing when the constraint exists (IF NOT EXISTS).
CREATE CONSTRAINT gongjian___LABEL___id IF NOT EXISTS
FOR (n:__LABEL__) REQUIRE n.id IS UNIQUE
