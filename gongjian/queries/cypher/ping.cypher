// ping — does the server answer, with these credentials, on this database?
// Parameters: none.
// Returns: one row, ok = 1.
RETURN 1 AS ok
