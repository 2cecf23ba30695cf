"""The words the generator draws from, kept as data: names, places, units and texts."""
