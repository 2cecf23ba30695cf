"""gongjian (共建): organisational linkages of region-wide co-building as a graph."""

__version__ = "0.1.0"
