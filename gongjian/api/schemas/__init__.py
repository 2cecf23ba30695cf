"""Schemas at the boundary: what comes in (:mod:`.requests`: query parameters and bodies),
what goes out (:mod:`.answers`, with the nodes of :mod:`.nodes`)."""

from gongjian.api.schemas.requests import *  # noqa: F403
