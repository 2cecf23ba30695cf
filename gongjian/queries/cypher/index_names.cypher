// index_names — the names of the indexes and constraints the database has (to make the missing ones on opening).
// Parameters: none.
// Returns: one row: names (list of index names).
SHOW INDEXES YIELD name
RETURN collect(name) AS names
