// highest_number — the highest number n such that a node of a label has the id $prefix followed by
// n's digits (1 to 18 of them), for new ids in the ledgers' scheme; the unique id's index
// answers STARTS WITH.
// Parameters: $prefix — string, e.g. :param prefix => 'PJ'
// Returns: one row: highest (integer, null when no id has the form).
MATCH (n:__LABEL__)
WHERE n.id STARTS WITH $prefix
WITH substring(n.id, size($prefix)) AS rest
WHERE rest =~ '[0-9]{1,18}'
RETURN max(toInteger(rest)) AS highest
