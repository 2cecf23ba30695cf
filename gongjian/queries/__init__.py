"""The domain queries, shared by both stores: the store retrieves, this layer scores and ranks."""
